import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { computeGradients } from './compute-gradients';
import type { GradientOptions, GradientResult } from './compute-gradients';
import { batchTensors } from './next-batch';
import type { BatchArrays } from './next-batch';

/** Where a training step's gradients come from: this thread, or several threads' shards averaged. */
export interface GradientSource {
  /** Threads computing each batch (1 = this thread only). */
  readonly threads: number;
  /** Gradients of the batch's mean loss for the model's current weights. */
  compute(batch: BatchArrays, options: GradientOptions): Promise<GradientResult>;
  /** Stops any helper threads. */
  dispose(): Promise<void>;
}

/** Every batch on this thread, with `computeGradients`. */
export function createLocalGradientSource(model: tfl.LayersModel, params: readonly tf.Variable[]): GradientSource {
  return {
    threads: 1,
    async compute(arrays, options) {
      const batch = batchTensors(arrays);
      try {
        return await computeGradients(model, params, batch, options);
      } finally {
        tf.dispose([batch.images, batch.targets]);
      }
    },
    async dispose() {},
  };
}
