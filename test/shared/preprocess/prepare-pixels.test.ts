import { describe, expect, it } from 'vitest';
import { defaultPreprocessSpec, normalizePixels, preparePixels, preprocessPixels } from '../../../shared/preprocess';
import type { RawImage } from '../../../shared/preprocess';

describe('preparePixels', () => {
  it('should return the 8-bit pixels unchanged when size and channels already match', () => {
    const image: RawImage = { data: Uint8Array.of(0, 7, 128, 255), width: 2, height: 2, channels: 1 };
    expect(Array.from(preparePixels(image, defaultPreprocessSpec({ height: 2, width: 2, channels: 1 })))).toEqual([0, 7, 128, 255]);
  });

  it('should round the resized values to the nearest 8-bit level', () => {
    // 1×2 → 1×1, antialiased: the mean of 10 and 13 is 11.5, rounded to 12.
    const image: RawImage = { data: Uint8Array.of(10, 13), width: 2, height: 1, channels: 1 };
    expect(Array.from(preparePixels(image, defaultPreprocessSpec({ height: 1, width: 1, channels: 1 })))).toEqual([12]);
  });
});

describe('normalizePixels', () => {
  it('should compute (p/255 − mean)/std per channel, in place at an offset when asked', () => {
    const spec = { input: { height: 1, width: 1, channels: 3 as const }, mean: [0.5, 0, 1], std: [0.5, 2, 1] };
    const out = new Float32Array(5).fill(-9);
    normalizePixels(Uint8Array.of(255, 51, 0), spec, out, 2);
    expect(Array.from(out)).toEqual([-9, -9, 1, Math.fround(0.1), -1]);
  });

  it('should make preprocessPixels the composition of prepare and normalize', () => {
    const image: RawImage = { data: Uint8Array.from({ length: 5 * 7 * 3 }, (_, i) => (i * 37) % 256), width: 7, height: 5, channels: 3 };
    const spec = defaultPreprocessSpec({ height: 3, width: 4, channels: 3 });
    expect(preprocessPixels(image, spec)).toEqual(normalizePixels(preparePixels(image, spec), spec));
  });
});
