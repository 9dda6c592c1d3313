import { describe, expect, it } from 'vitest';
import { FORMAT_VERSION, MANIFEST_FILE, MODEL_FILE, serializeManifestJson, sha256Hex, WEIGHTS_FILE } from '../../shared/artifact';
import { loadServedModel, predictScores } from '../../shared/model';
import { defaultPreprocessSpec } from '../../shared/preprocess';
import { encodeModelFiles } from '../../trainer/export/encode-model-files';
import { prepareForInference } from '../../trainer/export/prepare-for-inference';
import { serializeLayersModel } from '../../trainer/export/serialize-layers-model';
import { createModel } from '../../trainer/model/create-model';
import { ensureBackend } from '../../worker/inference/ensure-backend';
import { bundledArtifact } from '../../worker/model/bundled-artifact';

const RUNS = 41;
const CLASSES = 10;

// workerd advances performance.now() only across I/O, so a reading taken right after a timer
// fires includes all the compute since the previous one.
async function clockAfterTimer(): Promise<number> {
  await new Promise((resolve) => setTimeout(resolve, 0));
  return performance.now();
}

/** The photo model at `size`×`size`×3 and `width`, exported as a uint8 artifact, built in this isolate. */
async function photoArtifact(size: number, width: number): Promise<Map<string, Uint8Array>> {
  const input = { height: size, width: size, channels: 3 as const };
  const model = createModel({ architecture: 'mobilenet-v2', input, numClasses: CLASSES, seed: 1, width });
  const encoded = encodeModelFiles(prepareForInference(await serializeLayersModel(model)).model, 'uint8');
  model.dispose();
  const files = new Map<string, Uint8Array>([[MODEL_FILE, encoded.modelJson], [WEIGHTS_FILE, encoded.weights]]);
  const { input: _input, ...preprocessing } = defaultPreprocessSpec(input);
  const manifest = {
    formatVersion: FORMAT_VERSION, name: 'photos', version: '1', labels: Array.from({ length: CLASSES }, (_, index) => `class ${index}`),
    input, preprocessing, output: 'logits', metrics: {}, createdAt: new Date().toISOString(),
    files: await Promise.all([...files].map(async ([path, bytes]) => ({ path, bytes: bytes.byteLength, sha256: await sha256Hex(bytes) }))),
  };
  files.set(MANIFEST_FILE, serializeManifestJson(manifest));
  return files;
}

/** Median milliseconds of one batch-1 prediction of `files`' model. */
async function medianBatch1Ms(files: ReadonlyMap<string, Uint8Array>, origin: string): Promise<number> {
  const served = await loadServedModel({ origin, files });
  try {
    const { height, width, channels } = served.manifest.input;
    const image = Float32Array.from({ length: height * width * channels }, (_, index) => ((index * 7919) % 256) / 255);
    const [first] = await predictScores(served, [image]); // warm-up: kernel setup, first allocations
    for (let run = 0; run < 4; run++) await predictScores(served, [image]);
    expect(first).toHaveLength(served.manifest.labels.length);
    const times: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      const start = await clockAfterTimer();
      await predictScores(served, [image]);
      times.push((await clockAfterTimer()) - start);
    }
    times.sort((a, b) => a - b);
    return times[Math.floor(RUNS / 2)] ?? Number.NaN;
  } finally {
    served.model.dispose();
  }
}

/** The photo model's artifact size and batch-1 time at one input size and width. */
async function measure(size: number, width: number): Promise<{ size: number; width: number; artifactBytes: number; weightsBytes: number; medianMs: number }> {
  const files = await photoArtifact(size, width);
  const artifactBytes = [...files.values()].reduce((total, bytes) => total + bytes.byteLength, 0);
  const medianMs = await medianBatch1Ms(files, `test:photos-${size}-${width}`);
  return { size, width, artifactBytes, weightsBytes: files.get(WEIGHTS_FILE)?.byteLength ?? 0, medianMs };
}

describe('the photo model (mobilenet-v2) in workerd', () => {
  it('should stay under 1 MB as uint8 at every size and width, and report its batch-1 time', async () => {
    await ensureBackend();
    const rows = [];
    for (const [size, width] of [[96, 0.5], [128, 0.5], [160, 0.5], [96, 1], [160, 1]] as const) rows.push(await measure(size, width));
    // The bundled MNIST model on the same isolate, for scale (a loaded machine slows both alike).
    const mnistMs = await medianBatch1Ms(bundledArtifact().files, 'bundled:mnist');
    // One line for `npm run bench:photo`, which runs this file, records it and holds the times to
    // the free plan's 10 ms of CPU (a timing goal: the benchmark's, not this test's).
    console.log(`photo-model-latency ${JSON.stringify({ rows, mnistMs })}`);
    for (const row of rows) {
      expect(row.artifactBytes, `${row.size} px, width ${row.width}`).toBeLessThan(1_000_000);
      expect(row.weightsBytes, `${row.size} px, width ${row.width}`).toBeGreaterThan(0);
    }
    // The clock moved across the largest model's batch (23.7M multiply-adds), so the times measured something.
    expect(rows[4]?.medianMs).toBeGreaterThan(0);
    // A wider model holds more weights at the same size: the widths really were built.
    expect(rows[3]?.weightsBytes).toBeGreaterThan(rows[0]?.weightsBytes ?? Infinity);
  }, 120_000);
});
