import type { WeightSpec } from '../../shared/artifact';

/** One unquantized tensor of a serialized model: its spec and its own copy of its bytes. */
export interface NamedWeight {
  spec: WeightSpec;
  bytes: Uint8Array;
}

const BYTES_PER_VALUE = { float32: 4, int32: 4, bool: 1, complex64: 8 } as const;

/** Splits a concatenated (unquantized) weights buffer into one entry per spec, by name. */
export function splitWeightData(specs: readonly WeightSpec[], data: Uint8Array): Map<string, NamedWeight> {
  const weights = new Map<string, NamedWeight>();
  let offset = 0;
  for (const spec of specs) {
    if (spec.quantization !== undefined || spec.dtype === 'string') {
      throw new RangeError(`weight ${spec.name}: only unquantized numeric weights can be split`);
    }
    const byteLength = spec.shape.reduce((total, size) => total * size, 1) * BYTES_PER_VALUE[spec.dtype];
    if (offset + byteLength > data.byteLength) throw new RangeError(`weight ${spec.name} runs past the end of the buffer`);
    weights.set(spec.name, { spec, bytes: data.slice(offset, offset + byteLength) });
    offset += byteLength;
  }
  return weights;
}

/** Concatenates weights back into specs + one buffer, in the given order. */
export function joinWeightData(weights: readonly NamedWeight[]): { weightSpecs: WeightSpec[]; weightData: Uint8Array } {
  const weightData = new Uint8Array(weights.reduce((total, weight) => total + weight.bytes.byteLength, 0));
  let offset = 0;
  for (const weight of weights) {
    weightData.set(weight.bytes, offset);
    offset += weight.bytes.byteLength;
  }
  return { weightSpecs: weights.map((weight) => weight.spec), weightData };
}
