import { describe, expect, it } from 'vitest';
import { createAugmenter, isIdentityAugment, parseAugment } from '../../../trainer/data/create-augmenter';
import { createRng } from '../../../trainer/train/create-rng';

describe('parseAugment', () => {
  it('should parse items and the default set', () => {
    expect(parseAugment(['shift:3', 'flip'])).toEqual({ shift: 3, flip: true, brightness: 0, contrast: 0 });
    expect(parseAugment(['default'])).toEqual({ shift: 2, flip: false, brightness: 0.1, contrast: 0.1 });
    expect(parseAugment(['brightness:0.2,contrast:0.3'])).toMatchObject({ brightness: 0.2, contrast: 0.3 });
    expect(isIdentityAugment(parseAugment([]))).toBe(true);
  });

  it('should name the item that is wrong', () => {
    expect(() => parseAugment(['rotate:10'])).toThrow('--augment "rotate:10": unknown augmentation');
    expect(() => parseAugment(['shift:x'])).toThrow('--augment "shift:x": shift needs an integer 0–64');
  });
});

describe('createAugmenter', () => {
  const input = { height: 2, width: 3, channels: 1 as const };

  it('should mirror an image left–right when flipping', () => {
    // With this seed the first draw is < 0.5, so the first image flips.
    const rng = createRng(1);
    const augment = createAugmenter({ shift: 0, flip: true, brightness: 0, contrast: 0 }, input, rng);
    const pixels = Uint8Array.of(1, 2, 3, 4, 5, 6);
    const firstDraw = createRng(1)();
    augment(pixels);
    expect(Array.from(pixels)).toEqual(firstDraw < 0.5 ? [3, 2, 1, 6, 5, 4] : [1, 2, 3, 4, 5, 6]);
  });

  it('should shift with black fill and be deterministic for a seed', () => {
    const run = (seed: number) => {
      const pixels = Uint8Array.of(10, 20, 30, 40, 50, 60, 10, 20, 30, 40, 50, 60);
      createAugmenter({ shift: 1, flip: false, brightness: 0, contrast: 0 }, input, createRng(seed))(pixels);
      return Array.from(pixels);
    };
    expect(run(9)).toEqual(run(9));
    const shifted = run(9);
    // Every output pixel is either a source pixel or black fill.
    for (const value of shifted) expect([0, 10, 20, 30, 40, 50, 60]).toContain(value);
  });

  it('should keep values within 0–255 under brightness and contrast', () => {
    const pixels = Uint8Array.of(0, 255, 128, 3, 250, 77);
    createAugmenter({ shift: 0, flip: false, brightness: 1, contrast: 1 }, input, createRng(4))(pixels);
    for (const value of pixels) expect(value >= 0 && value <= 255).toBe(true);
  });
});
