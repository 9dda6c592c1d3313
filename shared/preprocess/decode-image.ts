import { checkJpegStructure } from './check-jpeg-structure';
import { decodeJpeg } from './decode-jpeg';
import { decodePng } from './decode-png';
import { swapsAxes } from './exif-orientation';
import { ImageError } from './image-error';
import type { RawImage } from './raw-image';
import { readImageHeader } from './read-image-header';

/**
 * Default limit on `width * height` of an upload: 16 megapixels, e.g. 4000×4000. Decoding that
 * needs ~64 MB for RGBA pixels alone (more for JPEG), so a 128 MB isolate may want less.
 */
export const DEFAULT_MAX_PIXELS = 16_000_000;

/** Limits for `decodeImage`. */
export interface DecodeImageOptions {
  /** Largest accepted `width * height`, checked from the header before any pixel is decoded. */
  maxPixels: number;
}

/**
 * Decodes PNG or JPEG bytes into 8-bit interleaved pixels. The header is read first, and an image
 * declaring more than `maxPixels` pixels is refused before the decoder allocates anything.
 *
 * Channels follow the file: PNG gives 1 (gray), 2 (gray+alpha), 3 (RGB) or 4 (RGBA), with
 * palettes expanded, 16-bit samples rounded to 8 bits and 1/2/4-bit samples scaled to 0–255;
 * JPEG always gives 3 (RGB). Pass the result to `toChannels`/`preprocessPixels`.
 *
 * Pixels come back as stored; a file's EXIF orientation other than 1 is returned as
 * `orientation`, and `preparePixels` applies it when the spec asks (`orientation: 'exif'`). The
 * pixel limit counts `width * height`, which turning does not change; its message gives the size
 * as displayed.
 *
 * Throws only `ImageError` for bad bytes: `unsupported_media_type` (not PNG/JPEG),
 * `image_too_large` (over `maxPixels`), `invalid_image` (empty, truncated, corrupt). The message
 * says what is wrong in words ("PNG is truncated: its image data stops after row 12 of 28",
 * "PNG is corrupt: bad CRC in chunk IDAT #3 at byte 33"), never a decoder library's own words;
 * such an exception is kept as `cause`. A `maxPixels` that is not a positive integer is a
 * programming error and throws `RangeError`.
 *
 * @example
 * const image = decodeImage(new Uint8Array(await request.arrayBuffer()), { maxPixels: DEFAULT_MAX_PIXELS });
 * // { data: Uint8Array(784), width: 28, height: 28, channels: 1 }
 */
export function decodeImage(bytes: Uint8Array, options: DecodeImageOptions): RawImage {
  const { maxPixels } = options;
  if (!Number.isSafeInteger(maxPixels) || maxPixels <= 0) {
    throw new RangeError(`maxPixels must be a positive integer, got ${String(maxPixels)}`);
  }
  const header = readImageHeader(bytes);
  const pixels = header.width * header.height;
  if (pixels > maxPixels) {
    const { orientation } = header;
    const turned = orientation !== undefined && swapsAxes(orientation);
    const shown = turned ? `${header.height}×${header.width} (as displayed, EXIF orientation ${orientation})` : `${header.width}×${header.height}`;
    throw new ImageError('image_too_large', `image is ${shown} = ${pixels} pixels, the limit is ${maxPixels}`);
  }

  let image: RawImage;
  if (header.format === 'jpeg') checkJpegStructure(bytes);
  try {
    image = header.format === 'png' ? decodePng(bytes) : decodeJpeg(bytes, pixels);
  } catch (error) {
    if (error instanceof ImageError) throw error;
    // The structure checks passed, so what is left is in the compressed pixel data itself.
    const reason =
      header.format === 'png'
        ? 'PNG is corrupt: its image data does not decode'
        : `JPEG is corrupt: its image data does not decode to the ${header.width}×${header.height} its frame header declares`;
    throw new ImageError('invalid_image', reason, { cause: error });
  }

  const expectedLength = image.width * image.height * image.channels;
  if (image.width !== header.width || image.height !== header.height || image.data.length !== expectedLength) {
    throw new ImageError(
      'invalid_image',
      `decoded ${header.format.toUpperCase()} is ${image.width}×${image.height}×${image.channels} ` +
        `(${image.data.length} bytes) but its header says ${header.width}×${header.height}`,
    );
  }
  return header.orientation === undefined ? image : { ...image, orientation: header.orientation };
}
