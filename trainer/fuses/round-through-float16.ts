import * as tf from '@tensorflow/tfjs-core';
import { decodeFloat16, encodeFloat16 } from '../../shared/artifact';

/** The largest finite float16 value. */
export const FLOAT16_MAX = 65504;

/**
 * Rounds every float32 value to the nearest float16 and back, exactly as an IEEE conversion would:
 * round-to-nearest-even on float16's 10-bit mantissa, |x| that rounds above 65504 → ±Inf,
 * float16 subnormals (multiples of 2^-24) kept, anything that rounds below 2^-24 → ±0 (2^-25
 * itself is a tie and goes to 0), NaN and ±Inf kept, signs (also of zero) kept. The same codec
 * the exporter writes float16 weights with (`shared/artifact`). Returns a new array.
 */
export function roundFloat16Array(values: Float32Array): Float32Array {
  return decodeFloat16(encodeFloat16(values));
}

/**
 * A new float32 tensor holding `tensor`'s values rounded through float16 (see `roundFloat16Array`),
 * so an `--emulate-fp16` run sees real float16 overflow and underflow on a float32 backend.
 * Reads the values back synchronously; meant for the emulation mode, not the fast path.
 *
 * @example
 * roundThroughFloat16(tf.tensor1d([65520, 1e-8, 0.1])); // [Inf, 0, 0.0999755859375]
 */
export function roundThroughFloat16(tensor: tf.Tensor): tf.Tensor {
  if (tensor.dtype !== 'float32') {
    throw new TypeError(`roundThroughFloat16: expected a float32 tensor, got ${tensor.dtype}`);
  }
  const rounded = roundFloat16Array(tensor.dataSync() as Float32Array);
  return tf.tensor(rounded, tensor.shape, 'float32');
}
