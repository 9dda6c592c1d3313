import type { PreprocessSpec } from './preprocess-spec';
import { validatePreprocessSpec } from './preprocess-spec';
import { orientImage } from './orient-image';
import { assertRawImage } from './raw-image';
import type { RawImage } from './raw-image';
import { resizeBilinear } from './resize-bilinear';
import { toChannels } from './to-channels';

/**
 * The first half of preprocessing: turns `image` upright by its EXIF orientation (when
 * `spec.orientation` is `'exif'`), converts it to the model's channel count and size and
 * rounds the result to 8 bits, laid out `[h, w, c]`. These bytes are what the trainer caches per
 * image and what the worker computes per request; `normalizePixels` turns them into model input.
 * Rounding after the resize (as image libraries do) is what makes the 8-bit cache exact.
 *
 * @example
 * const pixels = preparePixels(decodeImage(bytes, { maxPixels }), spec); // Uint8Array, h·w·c
 */
export function preparePixels(image: RawImage, spec: PreprocessSpec): Uint8Array {
  validatePreprocessSpec(spec);
  assertRawImage(image);
  const { height, width, channels } = spec.input;
  const upright = spec.orientation === 'exif' && image.orientation !== undefined ? orientImage(image, image.orientation) : image;
  const converted = toChannels(upright, channels, spec.alphaBackground);
  if (converted.width === width && converted.height === height) return converted.data;
  const resized = resizeBilinear(converted, height, width, { antialias: spec.antialias });
  const out = new Uint8Array(resized.data.length);
  for (let i = 0; i < out.length; i++) {
    const value = Math.round(resized.data[i] ?? 0);
    out[i] = value < 0 ? 0 : value > 255 ? 255 : value;
  }
  return out;
}
