import { createRng } from '../train/create-rng';
import type { Dataset, DatasetSplit } from './dataset';
import { stratifiedSplit } from './stratified-split';

/** The examples `indices` (ascending) of `split`, as a new split. */
export function selectExamples(split: DatasetSplit, indices: readonly number[]): DatasetSplit {
  const bytes = split.count === 0 ? 0 : split.pixels.length / split.count;
  const pixels = new Uint8Array(indices.length * bytes);
  const targets = new Uint8Array(indices.length);
  indices.forEach((index, row) => {
    pixels.set(split.pixels.subarray(index * bytes, (index + 1) * bytes), row * bytes);
    targets[row] = split.targets[index] ?? 0;
  });
  const sources = split.sources;
  return { pixels, targets, count: indices.length, ...(sources ? { sources: indices.map((index) => sources[index] ?? '') } : {}) };
}

/**
 * Holds out `fraction` of each class of `dataset.train` (seeded, stratified: every class with two
 * or more examples gives at least one) as `dataset.validation`, which chooses epochs and stops
 * early; the test split stays untouched until the end. `fraction` 0 leaves no validation split.
 *
 * @example
 * carveValidation(await loadMnist(), 0.1, 42).validation?.count; // 6000
 */
export function carveValidation(dataset: Dataset, fraction: number, seed: number): Dataset {
  if (fraction <= 0) {
    const { validation: _validation, ...rest } = dataset;
    return rest;
  }
  const { train, test: validation } = stratifiedSplit(dataset.train.targets, fraction, createRng(seed ^ 0x7a11d));
  if (train.length === 0) throw new Error(`--val-split ${fraction} leaves no training examples of ${dataset.train.count}`);
  return { ...dataset, train: selectExamples(dataset.train, train), validation: selectExamples(dataset.train, validation) };
}
