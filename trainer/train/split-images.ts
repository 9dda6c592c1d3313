import * as tf from '@tensorflow/tfjs-core';
import { normalizePixels } from '../../shared/preprocess';
import type { PreprocessSpec } from '../../shared/preprocess';
import type { DatasetSplit } from '../data/dataset';

/** Examples `start` to `start + size` of `split`, normalized with `spec`, as one [size, h, w, c] tensor (for evaluation loops). */
export function splitImages(split: DatasetSplit, spec: PreprocessSpec, start: number, size: number): tf.Tensor4D {
  const { height, width, channels } = spec.input;
  const pixels = height * width * channels;
  return tf.tensor4d(normalizePixels(split.pixels.subarray(start * pixels, (start + size) * pixels), spec), [size, height, width, channels]);
}
