import * as tf from '@tensorflow/tfjs-core';

/**
 * One fused finiteness check over the loss and every gradient: a `bool` scalar that is true when no
 * element of any tensor is NaN or ±Inf. Only this one scalar needs to be read back per step.
 * Returns a new tensor; the caller disposes it.
 *
 * @example
 * const finiteTensor = allFinite([lossTensor, ...grads]);
 * const finite = (await finiteTensor.data())[0] === 1;
 */
export function allFinite(tensors: readonly tf.Tensor[]): tf.Scalar {
  return tf.tidy(() => {
    if (tensors.length === 0) return tf.scalar(true, 'bool');
    const perTensor = tensors.map((tensor) => tf.all(tf.isFinite(tensor))); // each [] bool
    return tf.all(tf.stack(perTensor));
  });
}
