import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import type { PreprocessSpec } from '../../shared/preprocess';
import type { DatasetSplit } from '../data/dataset';
import { splitImages } from './split-images';

/** Accuracy of a classifier on a split, and its top-1 prediction for every example. */
export interface Evaluation {
  accuracy: number;
  /** [count] predicted class index per example. */
  predictions: Int32Array;
  count: number;
}

/** Runs `model` over `split` (normalized with `spec`) in batches of `batchSize` and scores top-1 accuracy. */
export async function evaluate(
  model: tfl.LayersModel,
  split: DatasetSplit,
  spec: PreprocessSpec,
  batchSize = 500,
): Promise<Evaluation> {
  const predictions = new Int32Array(split.count);
  let correct = 0;
  for (let start = 0; start < split.count; start += batchSize) {
    const size = Math.min(batchSize, split.count - start);
    const predicted = tf.tidy(() => tf.argMax(model.predict(splitImages(split, spec, start, size)) as tf.Tensor2D, 1)); // [size]
    const values = await predicted.data();
    predicted.dispose();
    for (let row = 0; row < size; row++) {
      const label = values[row] as number;
      predictions[start + row] = label;
      if (label === split.targets[start + row]) correct++;
    }
  }
  return { accuracy: split.count === 0 ? 0 : correct / split.count, predictions, count: split.count };
}
