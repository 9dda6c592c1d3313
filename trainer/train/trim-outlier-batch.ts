import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import type { GradientOptions, GradientResult } from './compute-gradients';
import type { GradientSource } from './gradient-source';
import { exampleLosses } from './example-losses';
import { batchTensors } from './next-batch';
import { reseedDropout } from './reseed-dropout';
import type { BatchArrays } from './next-batch';

/** An outlier batch cut down to the examples that fit the loss baseline, and their gradients. */
export interface TrimmedBatch {
  result: GradientResult;
  kept: number;
  of: number;
}

/** The rows `keep` (ascending) of `arrays`, as a smaller batch. */
function selectRows(arrays: BatchArrays, keep: readonly number[]): BatchArrays {
  const { imageShape, numClasses } = arrays;
  const pixels = imageShape[0] * imageShape[1] * imageShape[2];
  const images = new Float32Array(keep.length * pixels);
  const targets = new Float32Array(keep.length * numClasses);
  keep.forEach((row, index) => {
    images.set(arrays.images.subarray(row * pixels, (row + 1) * pixels), index * pixels);
    targets.set(arrays.targets.subarray(row * numClasses, (row + 1) * numClasses), index * numClasses);
  });
  return { images, targets, size: keep.length, imageShape, numClasses };
}

/**
 * The small-loss trick for a batch whose mean loss was an outlier: score every example on the
 * current weights, keep the largest set of lowest-loss examples whose mean loss
 * is at most `limit` (the mean loss of a typical batch), and compute the gradients of those
 * alone. A burst of flipped labels then still trains on its correctly labelled examples, while a
 * batch that is garbage throughout (pixels ×1e12) keeps too few and is skipped (null). At least a
 * quarter of the batch, and one example per thread, must remain.
 */
export async function trimOutlierBatch(
  model: tfl.LayersModel,
  gradients: GradientSource,
  arrays: BatchArrays,
  limit: number,
  options: GradientOptions,
): Promise<TrimmedBatch | null> {
  // Scored as the batch loss was measured (training mode, this step's dropout masks), so the
  // per-example losses are on the same scale as the baseline they are trimmed to.
  if (options.step !== undefined) reseedDropout(model, options.step, 0);
  const batch = batchTensors(arrays);
  const logits = tf.tidy(() => model.apply(batch.images, { training: true }) as tf.Tensor2D); // [batch, classes]
  const values = (await logits.data()) as Float32Array;
  tf.dispose([logits, batch.images, batch.targets]);
  const losses = exampleLosses(values, arrays.targets, arrays.numClasses, options.labelSmoothing);
  const byLoss = Array.from(losses.keys()).sort((a, b) => (losses[a] ?? 0) - (losses[b] ?? 0));
  let kept = 0;
  let sum = 0;
  for (const row of byLoss) {
    const loss = losses[row] ?? Number.POSITIVE_INFINITY;
    if (!Number.isFinite(loss) || (sum + loss) / (kept + 1) > limit) break;
    sum += loss;
    kept++;
  }
  if (kept < Math.max(Math.ceil(arrays.size / 4), gradients.threads)) return null;
  const keep = byLoss.slice(0, kept).sort((a, b) => a - b);
  const result = await gradients.compute(selectRows(arrays, keep), options);
  if (!result.finite) {
    tf.dispose(result.grads);
    return null;
  }
  return { result, kept, of: arrays.size };
}
