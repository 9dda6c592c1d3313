import * as tf from '@tensorflow/tfjs-core';

/**
 * The L2 norm of all gradients taken together, as if they were concatenated into one vector
 * (the `total_norm` of PyTorch's `clip_grad_norm_`). Non-finite gradients give a NaN or Inf norm.
 * Returns a new scalar tensor (0 for an empty list); the caller disposes it.
 *
 * @example
 * globalNorm([tf.tensor1d([3, 4]), tf.tensor1d([12])]); // 13
 */
export function globalNorm(grads: readonly tf.Tensor[]): tf.Scalar {
  return tf.tidy(() => {
    if (grads.length === 0) return tf.scalar(0);
    const squaredSums = grads.map((grad) => tf.sum<tf.Scalar>(tf.square(grad))); // each []
    return tf.sqrt(tf.addN(squaredSums));
  });
}
