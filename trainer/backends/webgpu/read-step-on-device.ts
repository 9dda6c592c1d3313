import * as tf from '@tensorflow/tfjs-core';
import { countCorrect } from '../../train/count-correct';
import { activeWebgpuSession } from './init-webgpu-training-backend';

/** What a training step reads back: the loss, the batch's hits, the global gradient norm, finiteness. */
export interface StepReadout {
  loss: number;
  correct: number;
  /** √(Σ g²) over every gradient value; NaN when any value is not finite. */
  gradNorm: number;
  /** The loss and every gradient value finite. */
  finite: boolean;
}

/** Smallest normal float32: the divisor for an all-zero gradient (its scaled sum stays 0). */
const FLOAT32_MIN_NORMAL = 1.1754943508222875e-38;

/**
 * Reads a step's numbers from the GPU in one readback. Per-op dispatch and every buffer map cost
 * far more on a GPU than the arithmetic, so instead of one read per gradient tensor the device
 * reduces each gradient to three numbers — non-finite count, max |g| over the finite values, and
 * Σ (g / max|g|)² (scaled, so squares of finite float32 values cannot overflow) — and packs them
 * with the loss, logits and targets into one float32 buffer. The norm is assembled in float64:
 * √(Σ max² · scaled). Then the device's error log is checked (a failed shader leaves NaN, not an
 * exception).
 */
export async function readStepOnDevice(loss: tf.Scalar, logits: tf.Tensor2D, targets: tf.Tensor2D, grads: readonly tf.Tensor[]): Promise<StepReadout> {
  const packed = tf.tidy(() => {
    const stats = grads.map((grad) => {
      const flat = tf.reshape(grad, [-1]); // [size]
      const finiteMask = tf.isFinite(flat);
      const nonFinite = tf.sum(tf.cast(tf.logicalNot(finiteMask), 'float32'));
      const finiteValues = tf.where(finiteMask, flat, tf.zerosLike(flat));
      const maxAbs = tf.max(tf.abs(finiteValues));
      const scaledSquares = tf.sum(tf.square(tf.div(finiteValues, tf.maximum(maxAbs, FLOAT32_MIN_NORMAL))));
      return tf.stack([nonFinite, maxAbs, scaledSquares]); // [3]
    });
    return tf.concat([tf.reshape(loss, [1]), tf.reshape(logits, [-1]), tf.reshape(targets, [-1]), ...stats]);
  });
  const values = (await packed.data()) as Float32Array;
  packed.dispose();
  activeWebgpuSession()?.assertHealthy();
  const cells = logits.size;
  const lossValue = values[0] ?? Number.NaN;
  const correct = countCorrect(values.subarray(1, 1 + cells), values.subarray(1 + cells, 1 + 2 * cells), logits.shape[1]);
  let sumOfSquares = 0;
  let nonFinite = 0;
  for (let offset = 1 + 2 * cells; offset < values.length; offset += 3) {
    nonFinite += values[offset] ?? 0;
    const maxAbs = values[offset + 1] ?? 0;
    sumOfSquares += maxAbs * maxAbs * (values[offset + 2] ?? 0);
  }
  const finite = nonFinite === 0 && Number.isFinite(lossValue);
  return { loss: lossValue, correct, gradNorm: nonFinite === 0 ? Math.sqrt(sumOfSquares) : Number.NaN, finite };
}
