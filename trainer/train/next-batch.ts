import * as tf from '@tensorflow/tfjs-core';
import { normalizePixels } from '../../shared/preprocess';
import type { PreprocessSpec } from '../../shared/preprocess';
import type { DatasetSplit } from '../data/dataset';

/** One training batch: images `[batch, h, w, c]` and one-hot targets `[batch, classes]`. */
export interface Batch {
  images: tf.Tensor4D;
  targets: tf.Tensor2D;
  size: number;
}

/** One training batch as plain arrays, before it becomes tensors (or is split across threads). */
export interface BatchArrays {
  /** `[batch, h, w, c]`, normalized. */
  images: Float32Array;
  /** `[batch, classes]`, one-hot (or flipped by an injection). */
  targets: Float32Array;
  size: number;
  /** `[h, w, c]` of one image. */
  imageShape: [number, number, number];
  numClasses: number;
}

/** Changes applied to a batch's raw arrays before they become tensors (augmentation, fault injection). */
export interface BatchTransforms {
  /** Gets `[batch, h, w, c]` 8-bit pixels and changes them in place (augmentation). */
  augmentPixels?: (pixels: Uint8Array) => void;
  /** Gets `[batch·h·w·c]` pixels, returns the pixels to use (may be the same array). */
  transformImages?: (images: Float32Array) => Float32Array;
  /** Gets `[batch]` class indices, returns the ones to use. */
  transformTargets?: (targets: Uint8Array) => Uint8Array;
}

/**
 * Copies the examples `order[start … start+size)` of `split` into a new batch, normalized with
 * `spec` (the same `normalizePixels` the worker runs), as plain arrays.
 */
export function nextBatchArrays(
  split: DatasetSplit,
  spec: PreprocessSpec,
  numClasses: number,
  order: Uint32Array,
  start: number,
  size: number,
  transforms: BatchTransforms = {},
): BatchArrays {
  const { input } = spec;
  const pixels = input.height * input.width * input.channels;
  const raw = new Uint8Array(size * pixels); // [batch, h, w, c] 8-bit
  let classes: Uint8Array = new Uint8Array(size); // [batch]
  for (let row = 0; row < size; row++) {
    const example = order[start + row] as number;
    raw.set(split.pixels.subarray(example * pixels, (example + 1) * pixels), row * pixels);
    classes[row] = split.targets[example] as number;
  }
  transforms.augmentPixels?.(raw);
  let images: Float32Array = normalizePixels(raw, spec); // [batch, h, w, c]
  images = transforms.transformImages?.(images) ?? images;
  classes = transforms.transformTargets?.(classes) ?? classes;
  const targets = new Float32Array(size * numClasses); // [batch, classes], one-hot
  classes.forEach((label, row) => {
    targets[row * numClasses + label] = 1;
  });
  return { images, targets, size, imageShape: [input.height, input.width, input.channels], numClasses };
}

/** `arrays` as tensors; the caller owns them. */
export function batchTensors(arrays: BatchArrays): Batch {
  const { images, targets, size, imageShape, numClasses } = arrays;
  return { images: tf.tensor4d(images, [size, ...imageShape]), targets: tf.tensor2d(targets, [size, numClasses]), size };
}

/**
 * Copies the examples `order[start … start+size)` of `split` into a new batch, normalized with
 * `spec` (the same `normalizePixels` the worker runs). The caller owns the returned tensors.
 */
export function nextBatch(
  split: DatasetSplit,
  spec: PreprocessSpec,
  numClasses: number,
  order: Uint32Array,
  start: number,
  size: number,
  transforms: BatchTransforms = {},
): Batch {
  return batchTensors(nextBatchArrays(split, spec, numClasses, order, start, size, transforms));
}
