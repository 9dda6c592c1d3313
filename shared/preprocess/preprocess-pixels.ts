import { normalizePixels } from './normalize-pixels';
import { preparePixels } from './prepare-pixels';
import type { PreprocessSpec } from './preprocess-spec';
import type { RawImage } from './raw-image';

/**
 * Decoded pixels to model input: channel conversion (alpha composited on `spec.alphaBackground`),
 * bilinear resize (antialiased when shrinking) rounded to 8 bits, then `(p/255 − mean)/std`,
 * as float32 `[h, w, c]`. The trainer calls this for raw pixels (IDX files); the worker reaches
 * it through `preprocessImage`.
 *
 * @example
 * preprocessPixels({ data: mnistBytes, width: 28, height: 28, channels: 1 }, spec); // 784 floats in [0, 1]
 */
export function preprocessPixels(image: RawImage, spec: PreprocessSpec): Float32Array {
  return normalizePixels(preparePixels(image, spec), spec);
}
