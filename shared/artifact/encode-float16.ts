// One float32 reinterpreted as its bits; module-level scratch, not state (reset on every call).
const scratchFloat = new Float32Array(1);
const scratchBits = new Uint32Array(scratchFloat.buffer);

/** IEEE 754 binary16 bits of `value`, rounded to nearest even (what numpy's astype(float16) does). */
function float16Bits(value: number): number {
  scratchFloat[0] = value;
  const bits = scratchBits[0] ?? 0;
  const sign = (bits >>> 16) & 0x8000;
  const exponent = (bits >>> 23) & 0xff;
  const mantissa = bits & 0x7fffff;
  if (exponent === 0xff) return sign | 0x7c00 | (mantissa === 0 ? 0 : 0x200); // ±Infinity, NaN
  const halfExponent = exponent - 127 + 15;
  if (halfExponent >= 0x1f) return sign | 0x7c00; // beyond ±65504 (after rounding): ±Infinity
  if (halfExponent <= 0) {
    // Subnormal half: m × 2^-24 with m = (1.mantissa as a 24-bit integer) >> (14 - halfExponent).
    if (halfExponent < -10) return sign; // below half the smallest subnormal: ±0
    const full = mantissa | 0x800000;
    const shift = 14 - halfExponent;
    let half = full >>> shift;
    const rest = full & ((1 << shift) - 1);
    const halfway = 1 << (shift - 1);
    if (rest > halfway || (rest === halfway && (half & 1) === 1)) half++;
    return sign | half;
  }
  let half = (halfExponent << 10) | (mantissa >>> 13);
  const rest = mantissa & 0x1fff;
  // A carry out of the mantissa correctly bumps the exponent (and at the top, gives Infinity).
  if (rest > 0x1000 || (rest === 0x1000 && (half & 1) === 1)) half++;
  return sign | half;
}

/**
 * Encodes float32 values as IEEE 754 half floats (round to nearest even), the bytes tfjs reads
 * for a weight with `quantization: { dtype: 'float16' }`. Values beyond ±65504 become ±Infinity.
 *
 * @example
 * encodeFloat16(new Float32Array([1, -2, 0.1])); // Uint16Array [0x3c00, 0xc000, 0x2e66]
 */
export function encodeFloat16(values: Float32Array): Uint16Array {
  const out = new Uint16Array(values.length);
  for (let index = 0; index < values.length; index++) out[index] = float16Bits(values[index] ?? 0);
  return out;
}
