import * as tf from '@tensorflow/tfjs-core';

/**
 * Number of NaN or ±Infinity values across `tensors` (e.g. a model's final weights). Uses
 * `x · 0 ≠ 0`, which holds exactly for non-finite `x` (the wasm backend has no `IsFinite`).
 */
export async function countNonFinite(tensors: readonly tf.Tensor[]): Promise<number> {
  if (tensors.length === 0) return 0;
  const count = tf.tidy(() => tf.addN(tensors.map((tensor) => tf.sum(tf.cast(tf.notEqual(tf.mul(tensor, 0), 0), 'int32')))));
  const [value = 0] = await count.data();
  count.dispose();
  return value;
}
