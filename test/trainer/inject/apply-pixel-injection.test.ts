import { describe, expect, it } from 'vitest';
import { applyPixelInjection } from '../../../trainer/inject/apply-pixel-injection';

describe('applyPixelInjection', () => {
  it('should scale a copy of the pixels by the factor', () => {
    const images = Float32Array.of(1, -2, 0.5);
    const injected = applyPixelInjection(images, { pixelFactor: 1e8, nanPixels: false });
    expect(injected).toEqual(Float32Array.of(1e8, -2e8, 5e7));
    expect(images).toEqual(Float32Array.of(1, -2, 0.5));
  });

  it('should fill the batch with NaN for a nan injection, whatever the factor', () => {
    const injected = applyPixelInjection(Float32Array.of(1, 2), { pixelFactor: 3, nanPixels: true });
    expect(Array.from(injected).every(Number.isNaN)).toBe(true);
    expect(injected).toHaveLength(2);
  });

  it('should return an equal copy when nothing is injected', () => {
    const images = Float32Array.of(0.25, 0.75);
    const injected = applyPixelInjection(images, { pixelFactor: 1, nanPixels: false });
    expect(injected).toEqual(images);
    expect(injected).not.toBe(images);
  });
});
