import * as tf from '@tensorflow/tfjs-core';
import type { DatasetSplit } from '../data/dataset';
import type { InputSpec } from '../../shared/preprocess';

/** One training batch: images `[batch, h, w, c]` and one-hot targets `[batch, classes]`. */
export interface Batch {
  images: tf.Tensor4D;
  targets: tf.Tensor2D;
  size: number;
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
): Batch {
  const pixels = input.height * input.width * input.channels;
  const images = new Float32Array(size * pixels); // [batch, h, w, c]
  const targets = new Float32Array(size * numClasses); // [batch, classes], one-hot
  for (let row = 0; row < size; row++) {
    const example = order[start + row] as number;
    images.set(split.images.subarray(example * pixels, (example + 1) * pixels), row * pixels);
    targets[row * numClasses + (split.targets[example] as number)] = 1;
  }
  return {
    images: tf.tensor4d(images, [size, input.height, input.width, input.channels]),
    targets: tf.tensor2d(targets, [size, numClasses]),
    size,
  };
}
