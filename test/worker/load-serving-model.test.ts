import { describe, expect, inject, it } from 'vitest';
import type { ArtifactSource } from '../../shared/artifact';
import { loadServedModel, predictScores } from '../../shared/model';
import { DEFAULT_MAX_PIXELS, preprocessImage } from '../../shared/preprocess';
import { ensureBackend } from '../../worker/inference/ensure-backend';
import { loadServingModel } from '../../worker/inference/load-serving-model';
import { scoreBatch } from '../../worker/inference/score-batch';
import { bundledArtifact } from '../../worker/model/bundled-artifact';
import './imported-context';
import { bytesOf } from './provided-context';
import type { ProvidedFile } from './provided-context';
import './provided-context';

const sourceOf = (origin: string, files: readonly ProvidedFile[]): ArtifactSource => ({ origin, files: new Map(files.map((file) => [file.name, bytesOf(file)])) });

/** Scores of the worker's path (`loadServingModel` + `scoreBatch`) and of tfjs-layers' `predict` for every digit fixture. */
async function bothPaths(source: ArtifactSource) {
  await ensureBackend();
  const serving = await loadServingModel(source);
  const layers = await loadServedModel(source);
  try {
    const spec = { input: serving.manifest.input, ...serving.manifest.preprocessing };
    const images = inject('digits').map((digit) => preprocessImage(bytesOf(digit), spec, { maxPixels: DEFAULT_MAX_PIXELS }));
    return { runner: serving.runner, worker: scoreBatch(serving, images), single: images.map((image) => scoreBatch(serving, [image])[0]), layers: await predictScores(layers, images) };
  } finally {
    serving.dispose();
    layers.model.dispose();
  }
}

function expectClose(actual: readonly (Float32Array | undefined)[], expected: readonly ArrayLike<number>[], tolerance: number): void {
  expect(actual).toHaveLength(expected.length);
  actual.forEach((row, index) => {
    const want = expected[index] ?? [];
    expect(row).toHaveLength(want.length);
    row?.forEach((score, cls) => expect(Math.abs(score - (want[cls] ?? Number.NaN)), `image ${index} class ${cls}`).toBeLessThan(tolerance));
  });
}

describe('loadServingModel', () => {
  it('should compile the bundled model to kernels, with tfjs-layers\' scores batched and one by one', async () => {
    const { runner, worker, single, layers } = await bothPaths(bundledArtifact());
    expect(runner).toBe('kernels');
    expectClose(worker, layers, 1e-6);
    expectClose(single, layers, 1e-6);
  });

  it('should give the trainer\'s scores for the tiny artifact, through kernels', async () => {
    const { files, nodeScores } = inject('tinyArtifact');
    const { runner, worker, layers } = await bothPaths(sourceOf('test:tiny', files));
    expect(runner).toBe('kernels');
    expectClose(worker, nodeScores, 1e-5);
    expectClose(worker, layers, 1e-6);
  });

  it.each(['uint8', 'uint16', 'float16', 'none'])('should give Node\'s scores for %s weights', async (format) => {
    const artifact = inject('quantizedArtifacts').find((candidate) => candidate.format === format);
    if (artifact === undefined) throw new Error(`no ${format} artifact`);
    const { runner, worker, layers } = await bothPaths(sourceOf(`test:${format}`, artifact.files));
    expect(runner).toBe('kernels');
    expectClose(worker, artifact.nodeScores, 1e-5);
    expectClose(worker, layers, 1e-6);
  });

  it.each([
    ['imported-cnn', 'kernels'],
    ['imported-cnn-u8', 'kernels'],
    ['imported-kernel-layers', 'kernels'], // every other layer type and branch the compiler has
    ['imported-zoo', 'layers'], // most layer classes, BatchNormalization and merges among them
    ['imported-tm', 'layers'], // a nested model (the backbone is a model inside the Sequential)
  ])('should serve %s through %s with Node\'s scores', async (name, expectedRunner) => {
    const model = inject('importedModels').find((candidate) => candidate.name === name);
    if (model === undefined) throw new Error(`the global setup imported no ${name}`);
    const { runner, worker, layers } = await bothPaths(sourceOf(`test:${name}`, model.files));
    expect(runner).toBe(expectedRunner);
    expectClose(worker, model.nodeScores, 1e-5);
    expectClose(worker, layers, 1e-6);
  });
});
