import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { quantizeAffine } from '../../../shared/artifact';

function dequantizeWithTfjs(codes: Uint8Array | Uint16Array, dtype: 'uint8' | 'uint16', min: number, scale: number): Float32Array {
  const decoded = tf.io.decodeWeights(codes.slice().buffer, [
    { name: 'w', shape: [codes.length], dtype: 'float32', quantization: { dtype, min, scale } },
  ]);
  const tensor = decoded.w;
  if (tensor === undefined) throw new Error('no tensor decoded');
  const values = tensor.dataSync() as Float32Array;
  tensor.dispose();
  return values;
}

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('quantizeAffine', () => {
  it('should nudge min so that 0 maps to an integer code, as the Python converter does', () => {
    // min -1, max 2 → scale 3/255; zero point round(255/3) = 85 → min = -85·3/255 = -1 exactly.
    const { codes, min, scale } = quantizeAffine(new Float32Array([-1, 0, 0.5, 2]), 'uint8');
    expect(scale).toBeCloseTo(3 / 255, 15);
    expect(min).toBeCloseTo(-1, 15);
    expect(Array.from(codes)).toEqual([0, 85, 128, 255]);
    // An off-grid range: -0.3 .. 1 → zero point round(0.3/(1.3/255)) = round(58.846) = 59.
    const offGrid = quantizeAffine(new Float32Array([-0.3, 0, 1]), 'uint8');
    expect(offGrid.codes[1]).toBe(59);
    expect((offGrid.codes[1] ?? 0) * offGrid.scale + offGrid.min).toBe(0);
  });

  it('should dequantize through tfjs to within scale/2 of every value, with 0 exactly 0', () => {
    let seed = 11;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const values = new Float32Array(5000).map(() => (random() - 0.3) * 0.8);
    values[17] = 0;
    for (const dtype of ['uint8', 'uint16'] as const) {
      const { codes, min, scale } = quantizeAffine(values, dtype);
      const decoded = dequantizeWithTfjs(codes, dtype, min, scale);
      const worst = Math.max(...Array.from(values, (value, index) => Math.abs((decoded[index] ?? Number.NaN) - value)));
      expect(worst).toBeGreaterThan(0); // really quantized
      expect(worst).toBeLessThanOrEqual(scale / 2 + 1e-7); // + float32 rounding of the decoded value
      expect(decoded[17]).toBe(0);
    }
  });

  it('should leave a range without 0 un-nudged and a constant tensor exact', () => {
    const positive = quantizeAffine(new Float32Array([0.5, 1, 1.5]), 'uint8');
    expect(positive.min).toBe(0.5);
    expect(Array.from(positive.codes)).toEqual([0, 128, 255]);
    const constant = quantizeAffine(new Float32Array([0.25, 0.25]), 'uint16');
    expect(Array.from(constant.codes)).toEqual([0, 0]);
    expect(dequantizeWithTfjs(constant.codes, 'uint16', constant.min, constant.scale)).toEqual(new Float32Array([0.25, 0.25]));
  });

  it('should refuse non-finite values', () => {
    expect(() => quantizeAffine(new Float32Array([1, Number.NaN]), 'uint8')).toThrow('cannot quantize non-finite value NaN');
  });
});
