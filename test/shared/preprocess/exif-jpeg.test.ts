import { describe, expect, it } from 'vitest';
import { decodeImage, defaultPreprocessSpec, ImageError, preparePixels, readImageHeader } from '../../../shared/preprocess';
import type { PreprocessSpec } from '../../../shared/preprocess';
import { encodeBlockJpeg, exifOrientationTiff, orientedJpegs, UPRIGHT_COLOR_BLOCKS, withExifSegment } from '../../helpers/block-jpeg';
import { crc32 } from '../../helpers/png-bytes';

const MAX_PIXELS = 16_000_000;
/** Full-size RGB output: the image is 40×24 upright, so turning is all preprocessing does. */
const fullSize = (orientation: PreprocessSpec['orientation']): PreprocessSpec => ({
  ...defaultPreprocessSpec({ height: 24, width: 40, channels: 3 }),
  ...(orientation === undefined ? {} : { orientation }),
});

describe('EXIF orientation through decodeImage and preparePixels', () => {
  const upright = decodeImage(encodeBlockJpeg(UPRIGHT_COLOR_BLOCKS), { maxPixels: MAX_PIXELS });
  const uprightPixels = Array.from(preparePixels(upright, fullSize('exif')));

  for (const byteOrder of ['MM', 'II'] as const) {
    orientedJpegs(UPRIGHT_COLOR_BLOCKS, byteOrder).forEach((jpeg, index) => {
      const orientation = index + 1;
      it(`should give the upright pixels for orientation ${orientation} (${byteOrder})`, () => {
        const raw = decodeImage(jpeg, { maxPixels: MAX_PIXELS });
        expect(raw.orientation).toBe(orientation === 1 ? undefined : orientation);
        expect(orientation >= 5 ? [raw.width, raw.height] : [raw.height, raw.width]).toEqual([24, 40]);
        expect(Array.from(preparePixels(raw, fullSize('exif')))).toEqual(uprightPixels);
      });
    });
  }

  it('should give the same resized, gray input too (orientation before channels and resize)', () => {
    const small: PreprocessSpec = defaultPreprocessSpec({ height: 9, width: 7, channels: 1 });
    const expected = Array.from(preparePixels(upright, small));
    for (const jpeg of orientedJpegs(UPRIGHT_COLOR_BLOCKS)) {
      expect(Array.from(preparePixels(decodeImage(jpeg, { maxPixels: MAX_PIXELS }), small))).toEqual(expected);
    }
  });

  it("should keep the stored pixels with orientation 'none' and for specs without the field (older artifacts)", () => {
    const rotated = orientedJpegs(UPRIGHT_COLOR_BLOCKS)[5]; // orientation 6
    if (rotated === undefined) throw new Error('missing orientation 6');
    const raw = decodeImage(rotated, { maxPixels: MAX_PIXELS });
    const asStored = { ...defaultPreprocessSpec({ height: 40, width: 24, channels: 3 }), orientation: 'none' as const };
    const { orientation: _dropped, ...older } = asStored;
    const storedPixels = Array.from(raw.data);
    expect(Array.from(preparePixels(raw, asStored))).toEqual(storedPixels);
    expect(Array.from(preparePixels(raw, older))).toEqual(storedPixels);
    expect(storedPixels).not.toEqual(uprightPixels);
  });

  it('should read the orientation from the header, and only the first EXIF segment', () => {
    const jpeg = encodeBlockJpeg([[0, 255]]);
    expect(readImageHeader(withExifSegment(jpeg, exifOrientationTiff(6)))).toEqual({ format: 'jpeg', width: 16, height: 8, orientation: 6 });
    const twice = withExifSegment(withExifSegment(jpeg, exifOrientationTiff(3)), exifOrientationTiff(1));
    expect(readImageHeader(twice).orientation).toBeUndefined(); // the first one says 1
    expect(readImageHeader(jpeg).orientation).toBeUndefined();
  });

  it('should read a PNG eXIf chunk before the image data', () => {
    const png = Uint8Array.from([137, 80, 78, 71, 13, 10, 26, 10]);
    const chunk = (type: string, data: Uint8Array) => {
      const body = new Uint8Array([...new TextEncoder().encode(type), ...data]);
      const out = new Uint8Array(12 + data.length);
      const view = new DataView(out.buffer);
      view.setUint32(0, data.length);
      out.set(body, 4);
      view.setUint32(8 + data.length, crc32(body));
      return out;
    };
    const ihdr = chunk('IHDR', Uint8Array.of(0, 0, 0, 5, 0, 0, 0, 3, 8, 0, 0, 0, 0));
    const bytes = new Uint8Array([...png, ...ihdr, ...chunk('eXIf', exifOrientationTiff(8, 'II')), ...chunk('IEND', new Uint8Array(0))]);
    expect(readImageHeader(bytes)).toEqual({ format: 'png', width: 5, height: 3, orientation: 8 });
  });

  it('should state an oversized image in its displayed size', () => {
    const rotated = withExifSegment(encodeBlockJpeg([[0, 255, 0]]), exifOrientationTiff(6)); // stored 24×8
    let caught: unknown;
    try {
      decodeImage(rotated, { maxPixels: 100 });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ImageError);
    expect((caught as ImageError).code).toBe('image_too_large');
    expect((caught as ImageError).message).toBe('image is 8×24 (as displayed, EXIF orientation 6) = 192 pixels, the limit is 100');
  });
});
