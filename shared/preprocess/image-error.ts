/**
 * Why an image was refused. Each code maps onto one HTTP status at the worker's edge:
 * - `unsupported_media_type`: not a PNG or JPEG, or a variant this decoder does not read (415).
 * - `invalid_image`: empty, truncated, corrupt or inconsistent bytes (400/422).
 * - `image_too_large`: the header declares more pixels than allowed (413).
 */
export type ImageErrorCode = 'unsupported_media_type' | 'invalid_image' | 'image_too_large';

/**
 * The only error type image decoding throws for bad input, so callers can map `code` to a
 * response without inspecting messages. Decoder exceptions are wrapped and kept as `cause`.
 *
 * @example
 * try {
 *   decodeImage(bytes, { maxPixels: DEFAULT_MAX_PIXELS });
 * } catch (error) {
 *   if (error instanceof ImageError && error.code === 'image_too_large') {
 *     // respond 413
 *   }
 *   throw error;
 * }
 */
export class ImageError extends Error {
  override readonly name = 'ImageError';
  readonly code: ImageErrorCode;

  constructor(code: ImageErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
    this.code = code;
  }
}
