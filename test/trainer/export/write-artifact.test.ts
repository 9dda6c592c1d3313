import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { mkdtemp, readdir, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseManifest, verifyArtifactFiles } from '../../../shared/artifact';
import { loadServedModel, predictScores } from '../../../shared/model';
import { defaultPreprocessSpec, normalizePixels } from '../../../shared/preprocess';
import { writeArtifact } from '../../../trainer/export/write-artifact';
import { writeFloatModel } from '../../../trainer/export/write-float-model';
import { loadFloatSource } from '../../../trainer/export/load-float-source';
import { createModel } from '../../../trainer/model/create-model';
import { readArtifactDir } from '../../../trainer/predict/read-artifact-dir';

const input = { height: 28, width: 28, channels: 1 as const };
let dir = '';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

function description() {
  return {
    name: 'digits', version: '3', labels: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'], input,
    preprocessing: defaultPreprocessSpec(input), metrics: { testAccuracy: 0.5 },
  };
}

describe('writeArtifact', () => {
  it('should write model.json, weights.bin and a manifest whose hashes verify', async () => {
    dir = await mkdtemp(join(tmpdir(), 'edgefuse-export-'));
    const model = createModel({ architecture: 'cnn-small', input, numClasses: 10, seed: 1 });
    const out = join(dir, 'artifact');
    const manifest = await writeArtifact(model, description(), out);
    expect((await readdir(out)).sort()).toEqual(['manifest.json', 'model.json', 'weights.bin']);
    const onDisk = parseManifest(JSON.parse(await readFile(join(out, 'manifest.json'), 'utf8')));
    expect(onDisk).toEqual(manifest);
    expect(onDisk).toMatchObject({ name: 'digits', version: '3', output: 'logits', input });
    const source = await readArtifactDir(out);
    await verifyArtifactFiles(onDisk, source.files);

    // Loaded back through the serving loader, the model predicts what the in-memory one does.
    const served = await loadServedModel(source);
    const image = new Float32Array(28 * 28).map((_, index) => (index % 17) / 17);
    const [scores] = await predictScores(served, [image]);
    const expected = tf.tidy(() => tf.softmax(model.predict(tf.tensor4d(image, [1, 28, 28, 1])) as tf.Tensor2D).dataSync());
    Array.from(scores ?? []).forEach((score, index) => expect(score).toBeCloseTo(expected[index] ?? Number.NaN, 6));
    served.model.dispose();
    model.dispose();
  });

  it('should replace an existing artifact whole and leave no staging directories', async () => {
    dir = await mkdtemp(join(tmpdir(), 'edgefuse-export-'));
    const out = join(dir, 'artifact');
    await mkdir(out);
    await writeFile(join(out, 'stale.txt'), 'old');
    const model = createModel({ architecture: 'cnn-small', input, numClasses: 10, seed: 2 });
    await writeArtifact(model, description(), out);
    expect((await readdir(out)).sort()).toEqual(['manifest.json', 'model.json', 'weights.bin']);
    expect(await readdir(dir)).toEqual(['artifact']);
    model.dispose();
  });

  it('should refuse an invalid description without touching the target', async () => {
    dir = await mkdtemp(join(tmpdir(), 'edgefuse-export-'));
    const out = join(dir, 'artifact');
    const model = createModel({ architecture: 'cnn-small', input, numClasses: 10, seed: 3 });
    await expect(writeArtifact(model, { ...description(), name: 'Bad Name' }, out)).rejects.toThrow(/invalid manifest at name/);
    expect(await readdir(dir)).toEqual([]);
    model.dispose();
  });
});

/** 64 deterministic images in [0, 1) as a held-out split; targets are arbitrary (the gate compares top-1s). */
function parityData() {
  let seed = 3;
  const count = 64;
  const pixels = new Uint8Array(count * 28 * 28).map(() => Math.floor(((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) * 256));
  const data = { pixels, targets: new Uint8Array(count).map((_, i) => i % 10), count };
  return { dataset: 'synthetic', split: 'test', data, preprocessing: defaultPreprocessSpec(input) };
}

describe('writeArtifact (quantized round trip)', () => {
  // Tolerance on softmax scores vs the float model, per format (untrained cnn-small, random images).
  const tolerance = { uint8: 0.05, uint16: 5e-4, float16: 5e-3, none: 1e-6 } as const;

  for (const format of ['uint8', 'uint16', 'float16', 'none'] as const) {
    it(`should load a ${format} artifact with stock tfjs and predict close to the float model`, async () => {
      dir = await mkdtemp(join(tmpdir(), 'edgefuse-export-'));
      const model = createModel({ architecture: 'cnn-small', input, numClasses: 10, seed: 4 });
      const out = join(dir, format);
      const parity = parityData();
      const manifest = await writeArtifact(model, description(), out, { quantize: format, parity, allowAccuracyDrop: true });
      expect(manifest.quantization?.format).toBe(format);
      expect(manifest.evaluation?.examples).toBe(64);

      // Weights as tfjs decodes them vs the float weights: within scale/2 (affine) or fp16 rounding.
      const modelJson = JSON.parse(await readFile(join(out, 'model.json'), 'utf8')) as { weightsManifest: { weights: tf.io.WeightsManifestEntry[] }[] };
      const specs = modelJson.weightsManifest.flatMap((group) => group.weights);
      const decoded = tf.io.decodeWeights(new Uint8Array(await readFile(join(out, 'weights.bin'))).buffer, specs);
      const bytesPerValue = { uint8: 1, uint16: 2, float16: 2, none: 4 }[format];
      const paramCount = model.weights.reduce((total, weight) => total + weight.read().size, 0);
      expect((await readFile(join(out, 'weights.bin'))).byteLength).toBeLessThan(paramCount * bytesPerValue + 122 * 4);
      for (const weight of model.weights) {
        const spec = specs.find((entry) => entry.name === weight.originalName);
        const values = decoded[weight.originalName]?.dataSync() ?? [];
        const original = weight.read().dataSync();
        const bound = spec?.quantization?.scale !== undefined ? spec.quantization.scale / 2 + 1e-7 : 0;
        original.forEach((value, index) => {
          const error = Math.abs((values[index] ?? Number.NaN) - value);
          if (spec?.quantization?.dtype === 'float16') expect(error).toBeLessThanOrEqual(Math.abs(value) * 2 ** -11 + 2 ** -25);
          else expect(error).toBeLessThanOrEqual(bound);
        });
      }
      Object.values(decoded).forEach((tensor) => tensor.dispose());

      const served = await loadServedModel(await readArtifactDir(out));
      const normalized = normalizePixels(parity.data.pixels, parity.preprocessing);
      const images = Array.from({ length: 4 }, (_, index) => normalized.slice(index * 784, (index + 1) * 784));
      const scores = await predictScores(served, images);
      const expected = tf.tidy(() => tf.softmax(model.predict(tf.tensor4d(normalized.slice(0, 4 * 784), [4, 28, 28, 1])) as tf.Tensor2D).arraySync());
      scores.forEach((row, image) => row.forEach((score, cls) => expect(Math.abs(score - (expected[image]?.[cls] ?? Number.NaN))).toBeLessThan(tolerance[format])));
      served.model.dispose();
      model.dispose();
    });
  }

  it('should keep the float model with writeFloatModel and re-export from the run directory', async () => {
    dir = await mkdtemp(join(tmpdir(), 'edgefuse-export-'));
    const model = createModel({ architecture: 'cnn-small', input, numClasses: 10, seed: 5, dropout: 0.25 });
    await writeFloatModel(model, description(), join(dir, 'run', 'float'));
    const source = await loadFloatSource(join(dir, 'run'));
    expect(source.dir).toBe(join(dir, 'run', 'float'));
    expect(source.model.layers.map((layer) => layer.getClassName())).toContain('Dropout'); // kept as trained
    const quantized = await writeArtifact(source.model, description(), join(dir, 'q'), { quantize: 'uint8', parity: parityData(), minAgreement: 0 });
    const topology = await readFile(join(dir, 'q', 'model.json'), 'utf8');
    expect(topology).not.toMatch(/Dropout|kernel_initializer/); // inference-only topology
    expect(quantized.quantization?.format).toBe('uint8');
    await expect(loadFloatSource(join(dir, 'q'))).rejects.toThrow(/holds uint8-quantized weights; re-export from its float source/);
    source.model.dispose();
    model.dispose();
  });
});
