import type { RawImage } from '../../shared/preprocess';

/** True when every pixel of `image` is gray (one channel, or R = G = B; alpha ignored). */
export function isGrayImage(image: RawImage): boolean {
  if (image.channels <= 2) return true;
  const { data, channels } = image;
  for (let i = 0; i < data.length; i += channels) {
    if (data[i] !== data[i + 1] || data[i] !== data[i + 2]) return false;
  }
  return true;
}
