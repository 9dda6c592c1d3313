import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { describe, expect, it } from 'vitest';
import { preprocessPixels } from '../../../shared/preprocess/preprocess-pixels';
import { defaultPreprocessSpec } from '../../../shared/preprocess/preprocess-spec';
import type { PreprocessSpec } from '../../../shared/preprocess/preprocess-spec';
import type { RawImage } from '../../../shared/preprocess/raw-image';
import { readMnistTestPixels } from './read-fixture';

const mnistSpec = defaultPreprocessSpec({ height: 28, width: 28, channels: 1 });

function mnistImage(index: number): RawImage {
  return { data: readMnistTestPixels(index), width: 28, height: 28, channels: 1 };
}

describe('preprocessPixels', () => {
  it('should pass a 28×28 MNIST image through as pixel / 255', () => {
    const raw = readMnistTestPixels(0);
    const out = preprocessPixels(mnistImage(0), mnistSpec);
    expect(out).toBeInstanceOf(Float32Array);
    expect(out.length).toBe(784);
    expect(Array.from(out)).toEqual(Array.from(raw, (value) => Math.fround(value / 255)));
    expect(Math.max(...out)).toBe(1);
  });

  it('should equal tfjs float32 division by 255 bit for bit', async () => {
    await tf.setBackend('cpu');
    const raw = readMnistTestPixels(1);
    const expected = tf.tidy(() => tf.div(tf.tensor1d(raw, 'float32'), 255).dataSync());
    expect(preprocessPixels(mnistImage(1), mnistSpec)).toEqual(expected);
  });

  it('should normalize each channel with its own mean and std', () => {
    const spec: PreprocessSpec = {
      ...defaultPreprocessSpec({ height: 1, width: 1, channels: 3 }),
      mean: [0.1, 0.2, 0.3],
      std: [0.5, 0.25, 2],
    };
    const out = preprocessPixels({ data: Uint8Array.of(51, 102, 255), width: 1, height: 1, channels: 3 }, spec);
    // (0.2 - 0.1) / 0.5, (0.4 - 0.2) / 0.25, (1 - 0.3) / 2
    expect(out[0]).toBeCloseTo(0.2, 6);
    expect(out[1]).toBeCloseTo(0.8, 6);
    expect(out[2]).toBeCloseTo(0.35, 6);
  });

  it('should composite alpha, convert to gray and resize in one call', () => {
    const rgba: RawImage = {
      data: Uint8Array.of(255, 0, 0, 255, 0, 255, 0, 128, 0, 0, 255, 0, 255, 255, 255, 64),
      width: 2,
      height: 2,
      channels: 4,
    };
    const out = preprocessPixels(rgba, defaultPreprocessSpec({ height: 1, width: 1, channels: 1 }));
    // Gray over black: 76, 75, 0, 64; averaged: 53.75, rounded to 8 bits: 54.
    expect(out[0]).toBeCloseTo(54 / 255, 6);
  });

  it('should turn a gray image into three equal channels for an RGB model', () => {
    const out = preprocessPixels(mnistImage(0), defaultPreprocessSpec({ height: 28, width: 28, channels: 3 }));
    const gray = preprocessPixels(mnistImage(0), mnistSpec);
    expect(out.length).toBe(28 * 28 * 3);
    gray.forEach((value, p) => expect([out[p * 3], out[p * 3 + 1], out[p * 3 + 2]]).toEqual([value, value, value]));
  });

  it('should recover the original from a 2× nearest-neighbour upscale when resizing without antialiasing', () => {
    const raw = readMnistTestPixels(2);
    const doubled = new Uint8Array(56 * 56);
    for (let y = 0; y < 56; y++) {
      for (let x = 0; x < 56; x++) doubled[y * 56 + x] = raw[(y >> 1) * 28 + (x >> 1)] ?? 0;
    }
    const spec = { ...mnistSpec, antialias: false };
    const out = preprocessPixels({ data: doubled, width: 56, height: 56, channels: 1 }, spec);
    expect(out).toEqual(preprocessPixels(mnistImage(2), spec));
  });

  it('should produce different output when antialiasing a downscale', () => {
    const raw = readMnistTestPixels(2);
    const doubled = new Uint8Array(56 * 56);
    for (let y = 0; y < 56; y++) {
      for (let x = 0; x < 56; x++) doubled[y * 56 + x] = raw[(y >> 1) * 28 + (x >> 1)] ?? 0;
    }
    const image: RawImage = { data: doubled, width: 56, height: 56, channels: 1 };
    const smooth = preprocessPixels(image, mnistSpec);
    const sharp = preprocessPixels(image, { ...mnistSpec, antialias: false });
    expect(smooth).not.toEqual(sharp);
    // Both keep the same total ink up to border effects.
    const sum = (values: Float32Array): number => values.reduce((total, value) => total + value, 0);
    expect(Math.abs(sum(smooth) - sum(sharp)) / sum(sharp)).toBeLessThan(0.01);
  });

  it('should throw RangeError for an invalid spec or mismatched image data', () => {
    expect(() => preprocessPixels(mnistImage(0), { ...mnistSpec, std: [0] })).toThrow(RangeError);
    expect(() => preprocessPixels({ data: new Uint8Array(100), width: 28, height: 28, channels: 1 }, mnistSpec)).toThrow(
      /expected 784/,
    );
  });
});
