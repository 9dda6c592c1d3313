import { describe, expect, it } from 'vitest';
import { readExifOrientation } from '../../../shared/preprocess';
import { exifOrientationTiff } from '../../helpers/block-jpeg';

describe('readExifOrientation', () => {
  it('should read the orientation in both byte orders', () => {
    for (let orientation = 1; orientation <= 8; orientation++) {
      expect(readExifOrientation(exifOrientationTiff(orientation, 'MM'))).toBe(orientation);
      expect(readExifOrientation(exifOrientationTiff(orientation, 'II'))).toBe(orientation);
    }
  });

  it('should give 1 for values outside 1–8', () => {
    expect(readExifOrientation(exifOrientationTiff(0))).toBe(1);
    expect(readExifOrientation(exifOrientationTiff(9))).toBe(1);
  });

  it('should give 1 for a malformed or truncated block instead of failing', () => {
    const tiff = exifOrientationTiff(6);
    expect(readExifOrientation(tiff.subarray(0, 12))).toBe(1); // entry cut off
    const badMagic = tiff.slice();
    badMagic[3] = 43;
    expect(readExifOrientation(badMagic)).toBe(1);
    const farIfd = tiff.slice();
    new DataView(farIfd.buffer).setUint32(4, 10_000);
    expect(readExifOrientation(farIfd)).toBe(1);
    expect(readExifOrientation(new TextEncoder().encode('not a tiff at all'))).toBe(1);
  });

  it('should skip other tags before the orientation', () => {
    // Two entries: ImageWidth (0x0100, SHORT 640), then orientation 8.
    const tiff = new Uint8Array(8 + 2 + 24 + 4);
    const view = new DataView(tiff.buffer);
    tiff.set([0x49, 0x49]);
    view.setUint16(2, 42, true);
    view.setUint32(4, 8, true);
    view.setUint16(8, 2, true);
    view.setUint16(10, 0x0100, true);
    view.setUint16(12, 3, true);
    view.setUint32(14, 1, true);
    view.setUint16(18, 640, true);
    view.setUint16(22, 0x0112, true);
    view.setUint16(24, 3, true);
    view.setUint32(26, 1, true);
    view.setUint16(30, 8, true);
    expect(readExifOrientation(tiff)).toBe(8);
  });
});
