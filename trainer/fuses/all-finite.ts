import * as tf from '@tensorflow/tfjs-core';

/**
 * One fused finiteness check over the loss and every gradient: a `bool` scalar that is true when no
 * element of any tensor is NaN or ±Inf. Only this one scalar needs to be read back per step.
 * Returns a new tensor; the caller disposes it.
 *
 * Built from `mul`, `sum` and `equal` only (the wasm backend has no `IsFinite` kernel):
 * `x · 0` is 0 for every finite `x` and NaN otherwise, so the sum of all of them is 0 exactly
 * when everything is finite, and NaN (which is not equal to itself) otherwise.
 *
 * @example
 * const finiteTensor = allFinite([lossTensor, ...grads]);
 * const finite = (await finiteTensor.data())[0] === 1;
 */
export function allFinite(tensors: readonly tf.Tensor[]): tf.Scalar {
  return tf.tidy(() => {
    if (tensors.length === 0) return tf.scalar(true, 'bool');
    const poison = tf.addN(tensors.map((tensor) => tf.sum(tf.mul(tensor, 0)))); // [] 0 or NaN
    return tf.equal(poison, poison);
  });
}
