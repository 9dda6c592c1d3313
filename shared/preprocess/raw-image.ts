import type { ExifOrientation } from './exif-orientation';
import { isExifOrientation } from './exif-orientation';

/** Channels the model consumes: grayscale or RGB. Alpha is always composited away. */
export type ChannelCount = 1 | 3;

/**
 * A decoded 8-bit image, interleaved row-major `[height, width, channels]`.
 * Channels: 1 gray, 2 gray+alpha, 3 RGB, 4 RGBA. Alpha is straight (not premultiplied).
 *
 * @example
 * // A 2×1 RGBA image: opaque red, then half-transparent green.
 * const image: RawImage = {
 *   data: Uint8Array.of(255, 0, 0, 255, 0, 255, 0, 128),
 *   width: 2,
 *   height: 1,
 *   channels: 4,
 * };
 */
export interface RawImage {
  data: Uint8Array;
  width: number;
  height: number;
  channels: 1 | 2 | 3 | 4;
  /**
   * EXIF orientation of the stored pixels, when the file had one other than 1 (`decodeImage` sets
   * it). `preparePixels` turns the image upright when the spec says `orientation: 'exif'`.
   */
  orientation?: ExifOrientation;
}

/**
 * Throws a `RangeError` naming the mismatch unless `image` has positive integer sizes, a
 * channel count of 1–4 and exactly `height * width * channels` bytes of data.
 *
 * @example
 * assertRawImage({ data: new Uint8Array(28 * 28), width: 28, height: 28, channels: 1 }); // ok
 * assertRawImage({ data: new Uint8Array(10), width: 28, height: 28, channels: 1 }); // throws
 */
export function assertRawImage(image: RawImage): void {
  const { width, height, channels, data } = image;
  if (!Number.isInteger(width) || width <= 0 || !Number.isInteger(height) || height <= 0) {
    throw new RangeError(`image size must be positive integers, got ${width}×${height}`);
  }
  if (channels !== 1 && channels !== 2 && channels !== 3 && channels !== 4) {
    throw new RangeError(`image channels must be 1, 2, 3 or 4, got ${String(channels)}`);
  }
  if (image.orientation !== undefined && !isExifOrientation(image.orientation)) {
    throw new RangeError(`image orientation must be an EXIF orientation 1–8, got ${String(image.orientation)}`);
  }
  const expected = width * height * channels;
  if (data.length !== expected) {
    throw new RangeError(
      `image data has ${data.length} bytes, expected ${expected} (${height}×${width}×${channels})`,
    );
  }
}
