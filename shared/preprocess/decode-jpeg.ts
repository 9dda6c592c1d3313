import { decode as decodeJpegFile } from 'jpeg-js';
import type { RawImage } from './raw-image';

/**
 * Upper bound of jpeg-js's working memory per pixel: 8×8 coefficient blocks as Int32 (4 bytes per
 * sample and component), component planes, the colour-converted copy and the output, for up to
 * four components. Generous on purpose; the real guard is the pixel limit checked before this.
 */
const JPEG_BYTES_PER_PIXEL = 32;
const JPEG_BASE_MEMORY_MB = 16;

/**
 * Decodes a baseline or progressive JPEG into 8-bit RGB. jpeg-js always outputs colour, so a
 * grayscale JPEG comes back with R = G = B (converting it back to gray is exact, see
 * `toChannels`). Pixels come back as stored: the EXIF orientation is read from the header by
 * `readImageHeader` and applied by `preparePixels`.
 *
 * Uses typed arrays only (`useTArray`), never Node's `Buffer`, so it runs in workerd. Expects
 * `width * height` already checked against the caller's limit; decoder errors escape unwrapped.
 *
 * @example
 * const image = decodeJpeg(jpegBytes, 28 * 28); // { data, width: 28, height: 28, channels: 3 }
 */
export function decodeJpeg(bytes: Uint8Array, declaredPixels: number): RawImage {
  const decoded = decodeJpegFile(bytes, {
    useTArray: true,
    formatAsRGBA: false,
    tolerantDecoding: true,
    // +1 pixel of slack: jpeg-js multiplies back by 1e6, which may round below the true count.
    maxResolutionInMP: (declaredPixels + 1) / 1_000_000,
    maxMemoryUsageInMB: JPEG_BASE_MEMORY_MB + Math.ceil((declaredPixels * JPEG_BYTES_PER_PIXEL) / 2 ** 20),
  });
  return { data: decoded.data, width: decoded.width, height: decoded.height, channels: 3 };
}
