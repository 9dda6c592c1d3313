import { decodeFloat16, encodeFloat16, quantizeAffine } from '../../shared/artifact';

/**
 * The float32 values a tensor will have once stock tfjs loads it back in `format`: uint8/uint16
 * codes dequantized as tfjs does (`code × scale + min`, in float32), or float16 rounded. What the
 * quantization-aware fine-tune trains through.
 *
 * @example
 * fakeQuantize(Float32Array.of(0.1, 0.2), 'uint8', { min: 0, max: 0.2 }); // ≈ [0.1004, 0.2]
 */
export function fakeQuantize(values: Float32Array, format: 'uint8' | 'uint16' | 'float16', range?: { min: number; max: number }): Float32Array {
  if (format === 'float16') return decodeFloat16(encodeFloat16(values));
  const { codes, min, scale } = quantizeAffine(values, format, range);
  const out = new Float32Array(values.length);
  for (let index = 0; index < values.length; index++) out[index] = (codes[index] ?? 0) * scale + min;
  return out;
}
