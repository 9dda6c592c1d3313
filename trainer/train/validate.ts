import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import type { PreprocessSpec } from '../../shared/preprocess';
import type { DatasetSplit } from '../data/dataset';
import { countCorrect } from './count-correct';
import { exampleLosses } from './example-losses';
import { splitImages } from './split-images';

/** The training loss (label smoothing included) and top-1 accuracy of a model on a split. */
export interface Validation {
  loss: number;
  accuracy: number;
}

/**
 * Scores `model` on `split` in inference mode, in batches of `batchSize`: the mean of the same
 * smoothed cross-entropy training minimizes (so `loss` and `val_loss` compare, as in Keras) and
 * the fraction predicted right.
 */
export async function validate(
  model: tfl.LayersModel,
  split: DatasetSplit,
  spec: PreprocessSpec,
  numClasses: number,
  labelSmoothing: number,
  batchSize = 500,
): Promise<Validation> {
  let lossSum = 0;
  let correct = 0;
  for (let start = 0; start < split.count; start += batchSize) {
    const size = Math.min(batchSize, split.count - start);
    const logits = tf.tidy(() => model.predict(splitImages(split, spec, start, size)) as tf.Tensor2D); // [size, classes]
    const values = (await logits.data()) as Float32Array;
    logits.dispose();
    const targets = new Float32Array(size * numClasses); // [size, classes], one-hot
    for (let row = 0; row < size; row++) targets[row * numClasses + (split.targets[start + row] ?? 0)] = 1;
    for (const loss of exampleLosses(values, targets, numClasses, labelSmoothing)) lossSum += loss;
    correct += countCorrect(values, targets, numClasses);
  }
  return split.count === 0 ? { loss: Number.NaN, accuracy: 0 } : { loss: lossSum / split.count, accuracy: correct / split.count };
}
