import * as tf from '@tensorflow/tfjs-core';

/** Added to the norm before dividing, as PyTorch's `clip_grad_norm_` does. */
export const CLIP_EPSILON = 1e-6;

/** Gradients after global-norm clipping and the factor they were multiplied by. */
export interface ClippedGradients {
  /** New tensors, same order and shapes as the input; the caller disposes them. */
  grads: tf.Tensor[];
  /** `min(1, maxNorm / (norm + 1e-6))`; 1 means the gradients were left as they were. */
  scale: number;
}

/**
 * The factor global-norm clipping multiplies every gradient by (PyTorch semantics):
 * `min(1, maxNorm / (norm + 1e-6))`. `maxNorm = Infinity` never clips.
 */
export function clipScale(maxNorm: number, norm: number): number {
  if (!(maxNorm > 0)) throw new RangeError(`clipByGlobalNorm: maxNorm must be positive, got ${maxNorm}`);
  if (!Number.isFinite(norm) || norm < 0) {
    throw new RangeError(`clipByGlobalNorm: gradient norm ${norm} is not a finite non-negative number; run the non-finite guard first`);
  }
  return Math.min(1, maxNorm / (norm + CLIP_EPSILON));
}

/**
 * Scales all gradients by one factor so that their global norm is at most `maxNorm`
 * (`torch.nn.utils.clip_grad_norm_`). `norm` is their global norm, already computed with
 * `globalNorm` and read back, so adaptive clippers can look at it first.
 *
 * @example
 * const { grads: clipped, scale } = clipByGlobalNorm(grads, 6.5, 13); // scale = 6.5 / (13 + 1e-6)
 */
export function clipByGlobalNorm(grads: readonly tf.Tensor[], maxNorm: number, norm: number): ClippedGradients {
  const scale = clipScale(maxNorm, norm);
  const clipped = tf.tidy(() => grads.map((grad) => (scale === 1 ? tf.clone(grad) : tf.mul(grad, scale))));
  return { grads: clipped, scale };
}
