import { describe, expect, it } from 'vitest';
import { defaultPreprocessSpec, validatePreprocessSpec } from '../../../shared/preprocess/preprocess-spec';
import type { PreprocessSpec } from '../../../shared/preprocess/preprocess-spec';

const mnist = defaultPreprocessSpec({ height: 28, width: 28, channels: 1 });

describe('defaultPreprocessSpec', () => {
  it('should apply EXIF orientation and use a black background, antialiasing, mean 0 and std 1 per channel', () => {
    expect(mnist).toEqual({
      input: { height: 28, width: 28, channels: 1 },
      orientation: 'exif',
      alphaBackground: 'black',
      antialias: true,
      mean: [0],
      std: [1],
    });
    const rgb = defaultPreprocessSpec({ height: 32, width: 32, channels: 3 });
    expect([rgb.mean, rgb.std]).toEqual([[0, 0, 0], [1, 1, 1]]);
  });

  it('should copy the input spec so later edits do not leak into it', () => {
    const input = { height: 28, width: 28, channels: 1 as const };
    const spec = defaultPreprocessSpec(input);
    input.height = 5;
    expect(spec.input.height).toBe(28);
  });
});

describe('validatePreprocessSpec', () => {
  it('should return a valid spec unchanged', () => {
    expect(validatePreprocessSpec(mnist)).toBe(mnist);
  });

  it('should name the field and the value it refuses', () => {
    const cases: [PreprocessSpec, RegExp][] = [
      [{ ...mnist, input: { ...mnist.input, height: 0 } }, /input\.height must be a positive integer, got 0/],
      [{ ...mnist, input: { ...mnist.input, width: 27.5 } }, /input\.width must be a positive integer, got 27\.5/],
      [{ ...mnist, mean: [0, 0, 0] }, /mean must have one value per channel \(1\), got \[0,0,0\]/],
      [{ ...mnist, std: [] }, /std must have one value per channel \(1\), got \[\]/],
      [{ ...mnist, orientation: 'auto' as never }, /orientation must be 'exif' or 'none', got "auto"/],
      [{ ...mnist, std: [0] }, /std\[0\] must be a finite number > 0, got 0/],
      [{ ...mnist, std: [-1] }, /std\[0\] must be a finite number > 0, got -1/],
      [{ ...mnist, mean: [Number.NaN] }, /mean\[0\] must be a finite number, got NaN/],
    ];
    for (const [spec, message] of cases) {
      expect(() => validatePreprocessSpec(spec)).toThrow(message);
    }
  });

  it('should refuse values outside the types when the spec comes from untyped JSON', () => {
    const fromJson = JSON.parse(JSON.stringify({ ...mnist, alphaBackground: 'gray' })) as PreprocessSpec;
    expect(() => validatePreprocessSpec(fromJson)).toThrow(/alphaBackground must be 'black' or 'white', got "gray"/);
    const twoChannels = JSON.parse(JSON.stringify({ ...mnist, input: { ...mnist.input, channels: 2 } })) as PreprocessSpec;
    expect(() => validatePreprocessSpec(twoChannels)).toThrow(/input\.channels must be 1 or 3, got 2/);
  });
});
