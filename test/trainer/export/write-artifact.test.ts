import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { mkdtemp, readdir, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseManifest, verifyArtifactFiles } from '../../../shared/artifact';
import { loadServedModel, predictScores } from '../../../shared/model';
import { defaultPreprocessSpec } from '../../../shared/preprocess';
import { writeArtifact } from '../../../trainer/export/write-artifact';
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
