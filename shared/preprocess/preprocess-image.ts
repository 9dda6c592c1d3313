import { decodeImage } from './decode-image';
import type { DecodeImageOptions } from './decode-image';
import { preprocessPixels } from './preprocess-pixels';
import type { PreprocessSpec } from './preprocess-spec';

/**
 * Decodes PNG or JPEG bytes and preprocesses them: `preprocessPixels(decodeImage(bytes), spec)`.
 * What the worker calls on an upload; the result equals what the trainer computed from the
 * same pixels.
 *
 * Throws `ImageError` for bad bytes (see `decodeImage`), `RangeError` for an invalid spec.
 *
 * @example
 * const input = preprocessImage(bytes, manifestSpec, { maxPixels: DEFAULT_MAX_PIXELS });
 * const logits = model.predict(tf.tensor(input, [1, spec.input.height, spec.input.width, spec.input.channels]));
 */
export function preprocessImage(bytes: Uint8Array, spec: PreprocessSpec, options: DecodeImageOptions): Float32Array {
  return preprocessPixels(decodeImage(bytes, options), spec);
}
