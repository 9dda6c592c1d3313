import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { defaultPreprocessSpec, preparePixels } from '../../shared/preprocess';
import type { InputSpec, PreprocessSpec } from '../../shared/preprocess';
import type { Dataset, DatasetSplit } from './dataset';
import { parseIdx } from './parse-idx';
import type { IdxTensor } from './parse-idx';

/** Called as images are prepared: `done` of `total`. */
export type PrepareProgress = (done: number, total: number) => void;

export interface LoadIdxOptions {
  /** Keep only the first N training images (0 = all). */
  trainLimit?: number;
  /** Keep only the first N test images (0 = all). */
  testLimit?: number;
  /** Model input size; default: the files' own size, gray. */
  input?: InputSpec;
  onProgress?: PrepareProgress;
}

/** The MNIST file names: `<prefix>-images-idx3-ubyte` and `<prefix>-labels-idx1-ubyte`. */
const SPLIT_PREFIX = { train: 'train', test: 't10k' } as const;

async function readIdx(file: string): Promise<IdxTensor> {
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await readFile(file));
  } catch (error) {
    throw new Error(`${file}: cannot read (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  return parseIdx(bytes, file);
}

interface RawSplit {
  images: IdxTensor;
  labels: IdxTensor;
  file: string;
  count: number;
}

async function readSplit(dir: string, split: keyof typeof SPLIT_PREFIX, limit: number): Promise<RawSplit> {
  const file = join(dir, `${SPLIT_PREFIX[split]}-images-idx3-ubyte`);
  const images = await readIdx(file);
  const labels = await readIdx(join(dir, `${SPLIT_PREFIX[split]}-labels-idx1-ubyte`));
  const available = images.dims[0] ?? 0;
  if (images.dims.length !== 3) throw new Error(`${file}: expected [count, height, width] images, got dims ${images.dims.join('×')}`);
  if (labels.dims[0] !== available) throw new Error(`${dir} ${split}: ${available} images but ${labels.dims[0]} labels`);
  return { images, labels, file, count: limit > 0 ? Math.min(limit, available) : available };
}

function prepareSplit(
  raw: RawSplit,
  spec: PreprocessSpec,
  progress: { done: number; total: number; onProgress?: PrepareProgress },
): DatasetSplit {
  const [, height = 0, width = 0] = raw.images.dims;
  const sourcePixels = height * width;
  const { height: outHeight, width: outWidth, channels } = spec.input;
  const outPixels = outHeight * outWidth * channels;
  const pixels = new Uint8Array(raw.count * outPixels); // [count, h, w, c]
  for (let index = 0; index < raw.count; index++) {
    const data = raw.images.data.subarray(index * sourcePixels, (index + 1) * sourcePixels);
    pixels.set(preparePixels({ data, width, height, channels: 1 }, spec), index * outPixels);
    progress.done++;
    if (progress.done % 2000 === 0 || progress.done === progress.total) progress.onProgress?.(progress.done, progress.total);
  }
  return { pixels, targets: raw.labels.data.slice(0, raw.count), count: raw.count };
}

/**
 * Loads an IDX dataset in MNIST's layout (`train-images-idx3-ubyte`, `train-labels-idx1-ubyte`,
 * `t10k-images-idx3-ubyte`, `t10k-labels-idx1-ubyte`) and prepares every image through
 * `shared/preprocess`. Labels are the class indices as strings ("0", "1", …).
 */
export async function loadIdxDir(dir: string, name: string, options: LoadIdxOptions = {}): Promise<Dataset> {
  const rawTrain = await readSplit(dir, 'train', options.trainLimit ?? 0);
  const rawTest = await readSplit(dir, 'test', options.testLimit ?? 0);
  const [, height = 0, width = 0] = rawTrain.images.dims;
  const input = options.input ?? { height, width, channels: 1 as const };
  const preprocessing = defaultPreprocessSpec(input);
  const progress = { done: 0, total: rawTrain.count + rawTest.count, ...(options.onProgress ? { onProgress: options.onProgress } : {}) };
  const train = prepareSplit(rawTrain, preprocessing, progress);
  const test = prepareSplit(rawTest, preprocessing, progress);
  const numClasses = [train.targets, test.targets].reduce((max, targets) => targets.reduce((m, t) => (t > m ? t : m), max), 0) + 1;
  if (numClasses < 2) throw new Error(`${dir}: need at least 2 classes, the labels hold ${numClasses}`);
  const labels = Array.from({ length: numClasses }, (_, index) => String(index));
  return { name, labels, input, preprocessing, train, test, skipped: [], cacheHit: false };
}
