import type { AlphaBackground } from './preprocess-spec';
import type { ChannelCount, RawImage } from './raw-image';

/**
 * ITU-R BT.601 luma weights in thousandths (0.299 R + 0.587 G + 0.114 B), the weights of
 * PIL's `convert('L')` and of tf.image.rgb_to_grayscale. They sum to exactly 1000, so a gray
 * pixel stored as RGB (R = G = B, e.g. a decoded grayscale JPEG) converts back to itself.
 */
const LUMA_RED = 299;
const LUMA_GREEN = 587;
const LUMA_BLUE = 114;

/**
 * Converts an 8-bit image to 1 (gray) or 3 (RGB) channels.
 *
 * - Alpha is composited over `alphaBackground` (`'black'` = 0, `'white'` = 255):
 *   `value = (color * alpha + background * (255 - alpha)) / 255`.
 * - RGB → gray uses BT.601 luma, `0.299 R + 0.587 G + 0.114 B`; gray → RGB copies the value.
 * - Each output value is rounded to the nearest integer once, after compositing and luma.
 *
 * Returns `image` itself (no copy) when it already has the requested channels.
 *
 * @example
 * toChannels({ data: Uint8Array.of(200, 100, 50, 128), width: 1, height: 1, channels: 4 }, 1, 'black');
 * // luma(200, 100, 50) = 124.2, × 128/255 = 62.3 → 62 → { data: Uint8Array [62], channels: 1, ... }
 */
export function toChannels(image: RawImage, channels: ChannelCount, alphaBackground: AlphaBackground): RawImage {
  const { width, height, data: source } = image;
  if (image.channels === channels) return image;

  const pixels = width * height;
  const data = new Uint8Array(pixels * channels);
  const background = alphaBackground === 'white' ? 255 : 0;
  const toGray = channels === 1;

  switch (image.channels) {
    case 1: // gray → RGB
      for (let p = 0; p < pixels; p++) {
        const value = source[p] ?? 0;
        data[p * 3] = value;
        data[p * 3 + 1] = value;
        data[p * 3 + 2] = value;
      }
      break;
    case 2: // gray + alpha
      for (let p = 0; p < pixels; p++) {
        const value = Math.round(composite(source[p * 2] ?? 0, source[p * 2 + 1] ?? 0, background));
        if (toGray) {
          data[p] = value;
        } else {
          data[p * 3] = value;
          data[p * 3 + 1] = value;
          data[p * 3 + 2] = value;
        }
      }
      break;
    case 3: // RGB → gray (RGB → RGB returned above)
      for (let p = 0; p < pixels; p++) {
        data[p] = Math.round(luma(source[p * 3] ?? 0, source[p * 3 + 1] ?? 0, source[p * 3 + 2] ?? 0));
      }
      break;
    case 4: // RGBA
      for (let p = 0; p < pixels; p++) {
        const alpha = source[p * 4 + 3] ?? 0;
        const red = composite(source[p * 4] ?? 0, alpha, background);
        const green = composite(source[p * 4 + 1] ?? 0, alpha, background);
        const blue = composite(source[p * 4 + 2] ?? 0, alpha, background);
        if (toGray) {
          data[p] = Math.round(luma(red, green, blue));
        } else {
          data[p * 3] = Math.round(red);
          data[p * 3 + 1] = Math.round(green);
          data[p * 3 + 2] = Math.round(blue);
        }
      }
      break;
  }
  return { data, width, height, channels };
}

/** Straight-alpha "over" onto an opaque background, unrounded, in [0, 255]. */
function composite(color: number, alpha: number, background: number): number {
  return (color * alpha + background * (255 - alpha)) / 255;
}

/** BT.601 luma, unrounded, in [0, 255]. */
function luma(red: number, green: number, blue: number): number {
  return (LUMA_RED * red + LUMA_GREEN * green + LUMA_BLUE * blue) / 1000;
}
