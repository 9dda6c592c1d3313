import * as tf from '@tensorflow/tfjs-core';

/** The largest finite float16 value. */
export const FLOAT16_MAX = 65504;

/** float32 bit patterns used below. */
const FLOAT32_EXPONENT_MASK = 0x7f800000; // +Inf; anything ≥ is Inf or NaN
const FLOAT16_MIN_NORMAL_BITS = 0x38800000; // 2^-14 as float32
const FLOAT16_MAX_BITS = 0x477fe000; // 65504 as float32
const DROPPED_MANTISSA_BITS = 13; // float32 has 23 mantissa bits, float16 has 10
const FLOAT16_SUBNORMAL_QUANTUM = 2 ** -24;

/** Rounds a non-negative double to an integer, ties to even. */
function roundHalfToEven(value: number): number {
  const floor = Math.floor(value);
  const fraction = value - floor;
  if (fraction > 0.5) return floor + 1;
  if (fraction < 0.5) return floor;
  return floor % 2 === 0 ? floor : floor + 1;
}

/**
 * Rounds every float32 value to the nearest float16 and back, exactly as an IEEE conversion would:
 * round-to-nearest-even on float16's 10-bit mantissa, |x| that rounds above 65504 → ±Inf,
 * float16 subnormals (multiples of 2^-24) kept, anything that rounds below 2^-24 → ±0 (2^-25
 * itself is a tie and goes to 0), NaN and ±Inf unchanged, signs (also of zero) kept.
 * Returns a new array.
 */
export function roundFloat16Array(values: Float32Array): Float32Array {
  const rounded = new Float32Array(values);
  const bits = new Uint32Array(rounded.buffer, rounded.byteOffset, rounded.length);
  for (let index = 0; index < bits.length; index++) {
    const pattern = bits[index] as number;
    const sign = (pattern & 0x80000000) >>> 0;
    const magnitude = pattern & 0x7fffffff;
    if (magnitude >= FLOAT32_EXPONENT_MASK) continue; // NaN, ±Inf
    if (magnitude >= FLOAT16_MIN_NORMAL_BITS) {
      // Normal float16 range: drop 13 mantissa bits with round-to-nearest-even; a carry into the
      // exponent is the correct result (and may overflow to Inf below).
      const keptLowestBit = (magnitude >>> DROPPED_MANTISSA_BITS) & 1;
      let roundedMagnitude = ((magnitude + 0xfff + keptLowestBit) & ~0x1fff) >>> 0;
      if (roundedMagnitude > FLOAT16_MAX_BITS) roundedMagnitude = FLOAT32_EXPONENT_MASK;
      bits[index] = (sign | roundedMagnitude) >>> 0;
    } else {
      // Subnormal range: float16 holds integer multiples of 2^-24. |x|·2^24 is exact in a double.
      const quanta = roundHalfToEven(Math.abs(rounded[index] as number) / FLOAT16_SUBNORMAL_QUANTUM);
      rounded[index] = quanta * FLOAT16_SUBNORMAL_QUANTUM;
      bits[index] = ((bits[index] as number) | sign) >>> 0;
    }
  }
  return rounded;
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
