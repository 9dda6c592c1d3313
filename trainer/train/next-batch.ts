import * as tf from '@tensorflow/tfjs-core';
import type { DatasetSplit } from '../data/dataset';
import type { InputSpec } from '../../shared/preprocess';

/** One training batch: images `[batch, h, w, c]` and one-hot targets `[batch, classes]`. */
export interface Batch {
  images: tf.Tensor4D;
  targets: tf.Tensor2D;
  size: number;
}

/** Changes applied to a batch's raw arrays before they become tensors (fault injection). */
export interface BatchTransforms {
  /** Gets `[batch·h·w·c]` pixels, returns the pixels to use (may be the same array). */
  transformImages?: (images: Float32Array) => Float32Array;
  /** Gets `[batch]` class indices, returns the ones to use. */
  transformTargets?: (targets: Uint8Array) => Uint8Array;
}

/**
 * Copies the examples `order[start … start+size)` of `split` into a new batch.
 * The caller owns (and disposes) the returned tensors.
 */
export function nextBatch(
  split: DatasetSplit,
  input: InputSpec,
  numClasses: number,
  order: Uint32Array,
  start: number,
  size: number,
  transforms: BatchTransforms = {},
): Batch {
  const pixels = input.height * input.width * input.channels;
  let images: Float32Array = new Float32Array(size * pixels); // [batch, h, w, c]
  let classes: Uint8Array = new Uint8Array(size); // [batch]
  for (let row = 0; row < size; row++) {
    const example = order[start + row] as number;
    images.set(split.images.subarray(example * pixels, (example + 1) * pixels), row * pixels);
    classes[row] = split.targets[example] as number;
  }
  images = transforms.transformImages?.(images) ?? images;
  classes = transforms.transformTargets?.(classes) ?? classes;
  const targets = new Float32Array(size * numClasses); // [batch, classes], one-hot
  classes.forEach((label, row) => {
    targets[row * numClasses + label] = 1;
  });
  return {
    images: tf.tensor4d(images, [size, input.height, input.width, input.channels]),
    targets: tf.tensor2d(targets, [size, numClasses]),
    size,
  };
}
