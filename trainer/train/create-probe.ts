import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import type { Dataset } from '../data/dataset';
import { createRng, shuffledIndices } from './create-rng';
import { crossEntropy } from './cross-entropy';
import { batchTensors, nextBatchArrays } from './next-batch';

/** The loss of a fixed, clean batch: how the damage fuses tell harmed weights from a bad batch. */
export interface Probe {
  /** The loss of the probe batch on the model's current weights (inference mode); NaN/Infinity when broken. Read asynchronously (GPU backends). */
  loss(): Promise<number>;
  dispose(): void;
}

/**
 * Picks `size` examples once (seeded, independent of the data order) from the validation split,
 * which training never sees (the training split when there is none), and keeps them as one clean
 * batch: no augmentation, no injected fault. Its loss moves only when the weights do, so a rise
 * after an anomaly is damage, not a hard batch.
 */
export function createProbe(model: tfl.LayersModel, dataset: Dataset, size: number, seed: number, labelSmoothing: number): Probe {
  const { preprocessing, labels } = dataset;
  const source = dataset.validation && dataset.validation.count > 0 ? dataset.validation : dataset.train;
  const count = Math.min(size, source.count);
  const order = shuffledIndices(source.count, createRng(seed ^ 0x9e0be));
  const batch = batchTensors(nextBatchArrays(source, preprocessing, labels.length, order, 0, count));
  return {
    async loss() {
      const loss = tf.tidy(() => crossEntropy(model.apply(batch.images, { training: false }) as tf.Tensor2D, batch.targets, labelSmoothing));
      const [value = Number.NaN] = await loss.data();
      loss.dispose();
      return value;
    },
    dispose() {
      tf.dispose([batch.images, batch.targets]);
    },
  };
}
