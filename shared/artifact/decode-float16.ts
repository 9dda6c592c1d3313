/**
 * Decodes IEEE 754 half-float bits to float32 values (exact: every half is a float32), the
 * inverse of `encodeFloat16`. `decodeFloat16(encodeFloat16(x))` is `x` rounded through float16.
 *
 * @example
 * decodeFloat16(Uint16Array.of(0x3c00, 0x7c00, 0x0001)); // Float32Array [1, Infinity, 2^-24]
 */
export function decodeFloat16(bits: Uint16Array): Float32Array {
  const out = new Float32Array(bits.length);
  for (let index = 0; index < bits.length; index++) {
    const half = bits[index] ?? 0;
    const sign = half & 0x8000 ? -1 : 1;
    const exponent = (half >>> 10) & 0x1f;
    const mantissa = half & 0x3ff;
    if (exponent === 0x1f) out[index] = mantissa === 0 ? sign * Infinity : Number.NaN;
    else if (exponent === 0) out[index] = sign * mantissa * 2 ** -24; // subnormal (and ±0)
    else out[index] = sign * (1 + mantissa / 1024) * 2 ** (exponent - 15);
  }
  return out;
}
