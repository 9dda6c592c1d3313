import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { describe, expect, it } from 'vitest';
import type { RawImage } from '../../../shared/preprocess/raw-image';
import { resizeBilinear } from '../../../shared/preprocess/resize-bilinear';

function gray(rows: number[][]): RawImage {
  const height = rows.length;
  const width = rows[0]?.length ?? 0;
  return { data: Uint8Array.from(rows.flat()), width, height, channels: 1 };
}

function valuesOf(image: { data: Float32Array }): number[] {
  return Array.from(image.data);
}

const plain = { antialias: false };
const antialiased = { antialias: true };

describe('resizeBilinear', () => {
  it('should return the same values as floats, in a new array, when the size is unchanged', () => {
    const input: RawImage = { data: Uint8Array.of(0, 1, 2, 3, 4, 5, 254, 255, 128, 9, 10, 11), width: 2, height: 2, channels: 3 };
    const out = resizeBilinear(input, 2, 2, antialiased);
    expect(out).toMatchObject({ width: 2, height: 2, channels: 3 });
    expect(out.data).toBeInstanceOf(Float32Array);
    expect(valuesOf(out)).toEqual(Array.from(input.data));
  });

  it('should average a 2×2 image into 1×1, with or without antialiasing', () => {
    expect(valuesOf(resizeBilinear(gray([[10, 20], [30, 40]]), 1, 1, antialiased))).toEqual([25]);
    expect(valuesOf(resizeBilinear(gray([[10, 20], [30, 40]]), 1, 1, plain))).toEqual([25]);
  });

  it('should average each channel separately', () => {
    const rgb: RawImage = { data: Uint8Array.of(10, 100, 0, 30, 200, 255), width: 2, height: 1, channels: 3 };
    expect(valuesOf(resizeBilinear(rgb, 1, 1, antialiased))).toEqual([20, 150, 127.5]);
  });

  it('should interpolate upscaled values at half-pixel centers, clamping at the borders', () => {
    // Sample positions (o + 0.5)·(2/4) - 0.5 = -0.25, 0.25, 0.75, 1.25.
    expect(valuesOf(resizeBilinear(gray([[0, 100]]), 1, 4, plain))).toEqual([0, 25, 75, 100]);
    expect(valuesOf(resizeBilinear(gray([[0, 100]]), 1, 4, antialiased))).toEqual([0, 25, 75, 100]);
    // 2×2 → 3×3: positions -1/6, 0.5, 7/6 on both axes.
    expect(valuesOf(resizeBilinear(gray([[0, 100], [200, 250]]), 3, 3, plain))).toEqual([
      0, 50, 100,
      100, 137.5, 175,
      200, 225, 250,
    ]);
  });

  it('should sample two pixels when downscaling without antialiasing', () => {
    // 4 → 2: positions 0.5 and 2.5.
    expect(valuesOf(resizeBilinear(gray([[0, 40, 80, 120]]), 1, 2, plain))).toEqual([20, 100]);
    // 3 → 1: position 1, the middle pixel only.
    expect(valuesOf(resizeBilinear(gray([[0, 0, 70]]), 1, 1, plain))).toEqual([0]);
  });

  it('should weight every covered pixel by a triangle widened by the scale when antialiasing', () => {
    // 4 → 2, scale 2: output 0 centered at 1 weights inputs 0, 1, 2 by 0.75, 0.75, 0.25 (sum 1.75).
    const [first, second] = valuesOf(resizeBilinear(gray([[0, 40, 80, 120]]), 1, 2, antialiased));
    expect(first).toBeCloseTo((0 * 0.75 + 40 * 0.75 + 80 * 0.25) / 1.75, 4);
    expect(second).toBeCloseTo((40 * 0.25 + 80 * 0.75 + 120 * 0.75) / 1.75, 4);
    // 3 → 1, scale 3: weights 2/3, 1, 2/3 → 70·(2/3)/(7/3) = 20.
    expect(valuesOf(resizeBilinear(gray([[0, 0, 70]]), 1, 1, antialiased))[0]).toBeCloseTo(20, 4);
  });

  it('should keep a uniform image uniform at any scale', () => {
    const input = gray(Array.from({ length: 37 }, () => new Array<number>(53).fill(200)));
    for (const [height, width] of [[28, 28], [5, 3], [40, 90], [1, 1]] as const) {
      for (const options of [plain, antialiased]) {
        for (const value of resizeBilinear(input, height, width, options).data) expect(value).toBeCloseTo(200, 3);
      }
    }
  });

  it('should match tf.image.resizeBilinear with halfPixelCenters when not antialiasing', async () => {
    await tf.setBackend('cpu');
    let seed = 7;
    const data = Uint8Array.from({ length: 9 * 7 * 3 }, () => (seed = (seed * 73 + 41) % 256));
    const input: RawImage = { data, width: 7, height: 9, channels: 3 };
    for (const [height, width] of [[4, 3], [13, 17], [9, 2], [1, 7]] as const) {
      const expected = tf.tidy(() =>
        tf.image.resizeBilinear(tf.tensor4d(data, [1, 9, 7, 3], 'float32'), [height, width], false, true).dataSync(),
      );
      const actual = resizeBilinear(input, height, width, plain).data;
      expect(actual.length).toBe(expected.length);
      actual.forEach((value, index) => expect(value).toBeCloseTo(expected[index] ?? Number.NaN, 3));
    }
  });

  it('should refuse target sizes that are not positive integers', () => {
    expect(() => resizeBilinear(gray([[1]]), 0, 1, plain)).toThrow(RangeError);
    expect(() => resizeBilinear(gray([[1]]), 1, 2.5, plain)).toThrow(RangeError);
  });
});
