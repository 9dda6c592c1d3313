import { describe, expect, it } from 'vitest';
import type { ExifOrientation } from '../../../shared/preprocess';
import { orientImage } from '../../../shared/preprocess';

// Stored 3×2:  1 2 3
//              4 5 6
const stored = { data: Uint8Array.of(1, 2, 3, 4, 5, 6), width: 3, height: 2, channels: 1 as const };

describe('orientImage', () => {
  // Each expectation written out by hand from the EXIF definition of the orientation.
  const cases: [ExifOrientation, number[], number, number][] = [
    [1, [1, 2, 3, 4, 5, 6], 3, 2],
    [2, [3, 2, 1, 6, 5, 4], 3, 2], // mirrored left–right
    [3, [6, 5, 4, 3, 2, 1], 3, 2], // rotated 180°
    [4, [4, 5, 6, 1, 2, 3], 3, 2], // mirrored top–bottom
    [5, [1, 4, 2, 5, 3, 6], 2, 3], // transposed
    [6, [4, 1, 5, 2, 6, 3], 2, 3], // turned 90° clockwise
    [7, [6, 3, 5, 2, 4, 1], 2, 3], // transversed
    [8, [3, 6, 2, 5, 1, 4], 2, 3], // turned 90° counter-clockwise
  ];
  for (const [orientation, data, width, height] of cases) {
    it(`should turn orientation ${orientation} upright`, () => {
      const upright = orientImage(stored, orientation);
      expect({ data: Array.from(upright.data), width: upright.width, height: upright.height }).toEqual({ data, width, height });
    });
  }

  it('should move every channel of a pixel together', () => {
    const rgb = { data: Uint8Array.of(10, 11, 12, 20, 21, 22), width: 2, height: 1, channels: 3 as const };
    expect(Array.from(orientImage(rgb, 6).data)).toEqual([10, 11, 12, 20, 21, 22]);
    expect(Array.from(orientImage(rgb, 2).data)).toEqual([20, 21, 22, 10, 11, 12]);
  });

  it('should return the image itself for orientation 1', () => {
    expect(orientImage(stored, 1)).toBe(stored);
  });
});
