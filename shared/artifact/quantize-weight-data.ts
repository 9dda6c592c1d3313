import { encodeFloat16 } from './encode-float16';
import type { QuantizationFormat } from './model-contract';
import { quantizeAffine } from './quantize-affine';

/** One tensor of a tfjs weights manifest (the shape of `tf.io.WeightsManifestEntry`, kept tfjs-free). */
export interface WeightSpec {
  name: string;
  shape: number[];
  dtype: 'float32' | 'int32' | 'bool' | 'string' | 'complex64';
  /** How to dequantize (tfjs reads `code × scale + min`, or a half float). Absent: raw `dtype`. */
  quantization?: { dtype: 'uint8' | 'uint16' | 'float16'; min?: number; scale?: number };
}

/** Options of `quantizeWeightData`. */
export interface QuantizeWeightDataOptions {
  /**
   * Tensors with fewer values stay float32 (default 128: every bias of the zoo's models). They
   * cost almost nothing, and a bias error shifts every output of its unit instead of averaging
   * out over a dot product.
   */
  minElements?: number;
  /**
   * uint8/uint16: the range to quantize each named tensor over, instead of its min/max (see
   * `quantizeAffine`); tensors not named keep min/max.
   */
  ranges?: ReadonlyMap<string, { min: number; max: number }>;
}

/** Quantized weights: the new specs (same order and names) and their concatenated bytes. */
export interface QuantizedWeightData {
  specs: WeightSpec[];
  data: Uint8Array;
  /** Names of the float32 tensors left unquantized (too small, or not float32). */
  keptFloat32: string[];
}

/** Default of `QuantizeWeightDataOptions.minElements`. */
export const DEFAULT_MIN_QUANTIZE_ELEMENTS = 128;

const BYTES_PER_VALUE = { float32: 4, int32: 4, bool: 1, complex64: 8 } as const;

function elementCount(shape: readonly number[]): number {
  return shape.reduce((total, size) => total * size, 1);
}

/**
 * Re-encodes a float32 tfjs weights buffer (as `model.save` produces it) with per-tensor
 * quantization, so stock `tf.loadLayersModel` dequantizes it on load: `uint8`/`uint16` affine
 * (see `quantizeAffine`) or `float16`; `none` returns the input unchanged. Specs already quantized
 * or of dtype `string` are refused (`RangeError`).
 *
 * @example
 * const { specs, data } = quantizeWeightData(weightSpecs, weightBytes, 'uint8');
 * // specs[0].quantization → { dtype: 'uint8', min: -0.41…, scale: 0.0032… }
 */
export function quantizeWeightData(
  specs: readonly WeightSpec[],
  data: Uint8Array,
  format: QuantizationFormat,
  options: QuantizeWeightDataOptions = {},
): QuantizedWeightData {
  const minElements = options.minElements ?? DEFAULT_MIN_QUANTIZE_ELEMENTS;
  const outSpecs: WeightSpec[] = [];
  const chunks: Uint8Array[] = [];
  const keptFloat32: string[] = [];
  let offset = 0;
  for (const spec of specs) {
    if (spec.quantization !== undefined) throw new RangeError(`weight ${spec.name} is already quantized (${spec.quantization.dtype})`);
    if (spec.dtype === 'string') throw new RangeError(`weight ${spec.name} has dtype string, which has no fixed size`);
    const size = elementCount(spec.shape);
    const byteLength = size * BYTES_PER_VALUE[spec.dtype];
    if (offset + byteLength > data.byteLength) {
      throw new RangeError(`weight ${spec.name} needs bytes ${offset}..${offset + byteLength}, buffer has ${data.byteLength}`);
    }
    const raw = data.slice(offset, offset + byteLength); // a copy: aligned, owns its buffer
    offset += byteLength;
    if (format === 'none' || spec.dtype !== 'float32' || size < minElements) {
      if (format !== 'none' && spec.dtype === 'float32') keptFloat32.push(spec.name);
      outSpecs.push({ name: spec.name, shape: [...spec.shape], dtype: spec.dtype });
      chunks.push(raw);
      continue;
    }
    const values = new Float32Array(raw.buffer);
    if (format === 'float16') {
      const halves = encodeFloat16(values);
      outSpecs.push({ name: spec.name, shape: [...spec.shape], dtype: 'float32', quantization: { dtype: 'float16' } });
      chunks.push(new Uint8Array(halves.buffer));
      continue;
    }
    const { codes, min, scale } = quantizeAffine(values, format, options.ranges?.get(spec.name));
    outSpecs.push({ name: spec.name, shape: [...spec.shape], dtype: 'float32', quantization: { dtype: format, min, scale } });
    chunks.push(new Uint8Array(codes.buffer));
  }
  if (offset !== data.byteLength) throw new RangeError(`weight specs cover ${offset} bytes, buffer has ${data.byteLength}`);
  const total = chunks.reduce((sum, chunk) => sum + chunk.byteLength, 0);
  const out = new Uint8Array(total);
  let position = 0;
  for (const chunk of chunks) {
    out.set(chunk, position);
    position += chunk.byteLength;
  }
  return { specs: outSpecs, data: out, keptFloat32 };
}
