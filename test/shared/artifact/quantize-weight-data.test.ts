import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { quantizeWeightData } from '../../../shared/artifact';
import type { WeightSpec } from '../../../shared/artifact';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const kernel = new Float32Array(300).map((_, index) => Math.sin(index) * 0.5);
const bias = new Float32Array([0.1, -0.2, 0.3]);
const steps = new Int32Array([7, 8]);
const specs: WeightSpec[] = [
  { name: 'dense/kernel', shape: [100, 3], dtype: 'float32' },
  { name: 'dense/bias', shape: [3], dtype: 'float32' },
  { name: 'counter', shape: [2], dtype: 'int32' },
];

function concat(...parts: ArrayBufferView[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((total, part) => total + part.byteLength, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(new Uint8Array(part.buffer, part.byteOffset, part.byteLength), offset);
    offset += part.byteLength;
  }
  return out;
}

describe('quantizeWeightData', () => {
  it('should quantize big float32 tensors, keep small and int32 ones, and decode with tfjs', () => {
    const { specs: out, data, keptFloat32 } = quantizeWeightData(specs, concat(kernel, bias, steps), 'uint16');
    expect(out.map((spec) => spec.quantization?.dtype)).toEqual(['uint16', undefined, undefined]);
    expect(keptFloat32).toEqual(['dense/bias']);
    expect(data.byteLength).toBe(300 * 2 + 3 * 4 + 2 * 4);
    const decoded = tf.io.decodeWeights(data.slice().buffer, out as tf.io.WeightsManifestEntry[]);
    const scale = out[0]?.quantization?.scale ?? Number.NaN;
    const kernelBack = decoded['dense/kernel']?.dataSync() ?? [];
    kernel.forEach((value, index) => expect(Math.abs((kernelBack[index] ?? Number.NaN) - value)).toBeLessThanOrEqual(scale / 2 + 1e-7));
    expect(Array.from(decoded['dense/bias']?.dataSync() ?? [])).toEqual(Array.from(bias));
    expect(Array.from(decoded['counter']?.dataSync() ?? [])).toEqual([7, 8]);
    Object.values(decoded).forEach((tensor) => tensor.dispose());
  });

  it('should return the bytes unchanged for none and honour minElements', () => {
    const bytes = concat(kernel, bias, steps);
    expect(quantizeWeightData(specs, bytes, 'none').data).toEqual(bytes);
    const all = quantizeWeightData(specs, bytes, 'float16', { minElements: 1 });
    expect(all.specs.map((spec) => spec.quantization?.dtype)).toEqual(['float16', 'float16', undefined]);
    expect(all.data.byteLength).toBe(303 * 2 + 2 * 4);
  });

  it('should refuse a buffer that does not match the specs, and re-quantizing', () => {
    expect(() => quantizeWeightData(specs, concat(kernel, bias), 'uint8')).toThrow(/counter needs bytes 1212\.\.1220, buffer has 1212/);
    const quantized: WeightSpec[] = [{ name: 'q', shape: [1], dtype: 'float32', quantization: { dtype: 'uint8', min: 0, scale: 1 } }];
    expect(() => quantizeWeightData(quantized, new Uint8Array(1), 'uint8')).toThrow('weight q is already quantized (uint8)');
  });
});
