import type { ExifOrientation } from './exif-orientation';
import { swapsAxes } from './exif-orientation';
import type { RawImage } from './raw-image';

/**
 * Turns stored pixels upright as EXIF `orientation` says (see `ExifOrientation`), so the result
 * is what a photo viewer shows. Orientations 5–8 swap width and height. Returns `image` itself
 * for orientation 1; otherwise a new image without an `orientation` field (it is upright now).
 * Channels are moved together, so this works for 1–4 channels alike.
 *
 * @example
 * // 2×1 gray [a b], rotated 90° clockwise for display → 1×2 [a; b]
 * orientImage({ data: Uint8Array.of(1, 2), width: 2, height: 1, channels: 1 }, 6);
 * // { data: Uint8Array [1, 2], width: 1, height: 2, channels: 1 }
 */
export function orientImage(image: RawImage, orientation: ExifOrientation): RawImage {
  if (orientation === 1) return image;
  const { width, height, channels, data: source } = image;
  const swapped = swapsAxes(orientation);
  const outWidth = swapped ? height : width;
  const outHeight = swapped ? width : height;
  const data = new Uint8Array(source.length);
  // For each displayed pixel (x, y): the stored pixel (sx, sy) it shows.
  for (let y = 0; y < outHeight; y++) {
    for (let x = 0; x < outWidth; x++) {
      let sx: number;
      let sy: number;
      switch (orientation) {
        case 2: [sx, sy] = [width - 1 - x, y]; break;
        case 3: [sx, sy] = [width - 1 - x, height - 1 - y]; break;
        case 4: [sx, sy] = [x, height - 1 - y]; break;
        case 5: [sx, sy] = [y, x]; break;
        case 6: [sx, sy] = [y, height - 1 - x]; break;
        case 7: [sx, sy] = [width - 1 - y, height - 1 - x]; break;
        case 8: [sx, sy] = [width - 1 - y, x]; break;
      }
      const from = (sy * width + sx) * channels;
      const to = (y * outWidth + x) * channels;
      for (let c = 0; c < channels; c++) data[to + c] = source[from + c] ?? 0;
    }
  }
  return { data, width: outWidth, height: outHeight, channels };
}
