/** An affine-quantized tensor: `value ≈ code × scale + min`, as tfjs' `io.decodeWeights` reads it. */
export interface AffineQuantized {
  codes: Uint8Array | Uint16Array;
  min: number;
  scale: number;
}

/** numpy's `np.round`: halves go to the even neighbour. */
function roundHalfEven(value: number): number {
  const floor = Math.floor(value);
  const fraction = value - floor;
  if (fraction > 0.5) return floor + 1;
  if (fraction < 0.5) return floor;
  return floor % 2 === 0 ? floor : floor + 1;
}

/**
 * Per-tensor affine quantization to uint8/uint16, exactly as tfjs' Python converter does it
 * (`quantization.py`: `quantize_weights` + `_get_affine_quantization_range`): `scale` spans
 * [min, max] over all codes, and when 0 lies in the range, `min` is nudged so that 0.0 maps to an
 * integer code and dequantizes to exactly 0 (zero padding stays zero). Every value dequantizes to
 * within `scale / 2` of itself. A constant tensor gets all-zero codes, `scale` 1 and `min` = value.
 * Throws `RangeError` for non-finite values.
 *
 * `range` replaces the data's [min, max] with a chosen one (e.g. one that minimizes the error,
 * clipping outliers); values outside it are clipped to it. It must be finite with min ≤ max.
 *
 * @example
 * const { codes, min, scale } = quantizeAffine(new Float32Array([-1, 0, 0.5, 1]), 'uint8');
 * codes[1] * scale + min; // 0 exactly
 */
export function quantizeAffine(values: Float32Array, dtype: 'uint8' | 'uint16', range?: { min: number; max: number }): AffineQuantized {
  const quantMax = dtype === 'uint8' ? 0xff : 0xffff;
  const codes = dtype === 'uint8' ? new Uint8Array(values.length) : new Uint16Array(values.length);
  let low = Infinity;
  let high = -Infinity;
  for (const value of values) {
    if (!Number.isFinite(value)) throw new RangeError(`quantizeAffine: cannot quantize non-finite value ${value}`);
    if (value < low) low = value;
    if (value > high) high = value;
  }
  if (range !== undefined) {
    if (!Number.isFinite(range.min) || !Number.isFinite(range.max) || range.min > range.max) {
      throw new RangeError(`quantizeAffine: range must be finite with min ≤ max, got [${range.min}, ${range.max}]`);
    }
    low = range.min;
    high = range.max;
  }
  if (values.length === 0 || low === high) return { codes, min: values.length === 0 ? 0 : low, scale: 1 };

  // All arithmetic in float64, as numpy does with `.astype(np.float64)` on min/max.
  const scale = (high - low) / quantMax;
  let min = low;
  let max = high;
  if (low <= 0 && high >= 0) {
    const zeroPoint = roundHalfEven(-low / scale);
    min = -zeroPoint * scale; // 0 = zeroPoint × scale + min, exactly in float64
    max = quantMax * scale + min;
  }
  for (let index = 0; index < values.length; index++) {
    const clipped = Math.min(max, Math.max(min, values[index] ?? 0));
    codes[index] = Math.min(quantMax, Math.max(0, roundHalfEven((clipped - min) / scale)));
  }
  return { codes, min, scale };
}
