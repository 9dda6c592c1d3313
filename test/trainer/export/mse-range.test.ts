import { describe, expect, it } from 'vitest';
import { quantizeAffine } from '../../../shared/artifact';
import { affineQuantizationError, mseRange } from '../../../trainer/export/mse-range';
import { fakeQuantize } from '../../../trainer/export/fake-quantize';

/** Squared error of encoding `values` with quantizeAffine over `range` and decoding them as tfjs does. */
function encodedError(values: Float32Array, range?: { min: number; max: number }): number {
  const { codes, min, scale } = quantizeAffine(values, 'uint8', range);
  return values.reduce((sum, value, index) => sum + ((codes[index] ?? 0) * scale + min - value) ** 2, 0);
}

/** Gaussian-ish weights (sum of uniforms) from a fixed LCG, plus a few outliers. */
function weightsWithOutliers(count: number, outliers: number[]): Float32Array {
  let seed = 12345;
  const uniform = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const values = Float32Array.from({ length: count }, () => (uniform() + uniform() + uniform() - 1.5) * 0.1);
  outliers.forEach((value, index) => (values[index * 97] = value));
  return values;
}

describe('mseRange', () => {
  it('should clip a lone outlier of a large tensor when that lowers the total error', () => {
    // 400k weights in ±0.05 and one at 1: min/max spends 95% of the levels on the outlier.
    const values = Float32Array.from({ length: 400_000 }, (_, index) => (((index * 7919) % 1000) / 1000 - 0.5) * 0.1);
    values[123] = 1;
    const range = mseRange(values, 255);
    expect(range.max).toBeLessThan(0.8);
    expect(range.min).toBeCloseTo(-0.05, 6);
    expect(encodedError(values, range)).toBeLessThan(encodedError(values) * 0.8);
  });

  it('should never be worse than min/max', () => {
    for (const outliers of [[], [0.3], [1.2, -0.9], [5, 5, 5, -5]]) {
      const values = weightsWithOutliers(4096, outliers);
      expect(encodedError(values, mseRange(values, 255))).toBeLessThanOrEqual(encodedError(values) * (1 + 1e-9));
    }
  });

  it('should score ranges exactly as quantizeAffine encodes them', () => {
    const values = weightsWithOutliers(1000, [0.7]);
    for (const range of [{ min: -0.2, max: 0.3 }, { min: -0.15, max: 0.7 }]) {
      expect(affineQuantizationError(values, range.min, range.max, 255)).toBeCloseTo(encodedError(values, range), 8);
    }
  });

  it('should keep a constant tensor exact', () => {
    expect(mseRange(new Float32Array(200).fill(0.25), 255)).toEqual({ min: 0.25, max: 0.25 });
  });
});

describe('fakeQuantize', () => {
  it('should give the values tfjs dequantizes: code × scale + min in float32, zero exact', () => {
    const values = Float32Array.of(-0.3, 0, 0.1, 0.5, 2);
    const range = { min: -0.3, max: 0.5 };
    const { codes, min, scale } = quantizeAffine(values, 'uint8', range);
    const expected = Float32Array.from(codes, (code) => code * scale + min);
    expect(Array.from(fakeQuantize(values, 'uint8', range))).toEqual(Array.from(expected));
    expect(fakeQuantize(values, 'uint8', range)[1]).toBe(0);
    expect(fakeQuantize(values, 'uint8', range)[4]).toBe(expected[3]); // 2 is clipped to the top of the range, like 0.5
  });
});
