import { DEFAULT_MIN_QUANTIZE_ELEMENTS } from '../../shared/artifact';
import { mseRange } from './mse-range';
import type { SerializedModel } from './serialized-model';
import { splitWeightData } from './split-weight-data';

/** Per-tensor quantization ranges by weight name (see `quantizeWeightData`'s `ranges`). */
export type WeightRanges = Map<string, { min: number; max: number }>;

/**
 * The error-minimizing range (`mseRange`) of every float32 tensor of `model` that `uint8` or
 * `uint16` quantization will encode (at least `minElements` values).
 */
export function chooseWeightRanges(model: SerializedModel, format: 'uint8' | 'uint16', minElements = DEFAULT_MIN_QUANTIZE_ELEMENTS): WeightRanges {
  const quantMax = format === 'uint8' ? 0xff : 0xffff;
  const ranges: WeightRanges = new Map();
  for (const [name, weight] of splitWeightData(model.weightSpecs, model.weightData)) {
    const size = weight.spec.shape.reduce((total, dim) => total * dim, 1);
    if (weight.spec.dtype !== 'float32' || size < minElements) continue;
    ranges.set(name, mseRange(new Float32Array(weight.bytes.buffer, weight.bytes.byteOffset, size), quantMax));
  }
  return ranges;
}
