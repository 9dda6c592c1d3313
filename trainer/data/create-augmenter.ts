import type { InputSpec } from '../../shared/preprocess';
import { ConfigError } from '../config/train-config';
import type { Rng } from '../train/create-rng';

/** What to vary in each training image. */
export interface AugmentSpec {
  /** Random translation of up to ±shift pixels on each axis (edges filled with black). */
  shift: number;
  /** Mirror left–right with probability 1/2 (opt-in: digits and text must not flip). */
  flip: boolean;
  /** Add a random offset in ±brightness (fraction of full scale). */
  brightness: number;
  /** Scale the contrast around the image mean by a random factor in 1 ± contrast. */
  contrast: number;
}

const NONE: AugmentSpec = { shift: 0, flip: false, brightness: 0, contrast: 0 };

/**
 * Parses `--augment` items: `shift:N`, `flip`, `brightness:X`, `contrast:X`, or `default`
 * (= shift:2, brightness:0.1, contrast:0.1 — no flip). No items: no augmentation.
 *
 * @example
 * parseAugment(['shift:3', 'flip']); // { shift: 3, flip: true, brightness: 0, contrast: 0 }
 */
export function parseAugment(items: readonly string[]): AugmentSpec {
  const spec = { ...NONE };
  for (const item of items.flatMap((entry) => entry.split(',')).map((entry) => entry.trim()).filter(Boolean)) {
    const [name = '', raw] = item.split(':');
    const value = raw === undefined ? Number.NaN : Number(raw);
    const fail = (what: string): never => {
      throw new ConfigError(`--augment "${item}": ${what}`);
    };
    if (name === 'default') Object.assign(spec, { shift: 2, brightness: 0.1, contrast: 0.1 });
    else if (name === 'flip') spec.flip = raw === undefined ? true : fail('flip takes no value');
    else if (name === 'shift') spec.shift = Number.isInteger(value) && value >= 0 && value <= 64 ? value : fail('shift needs an integer 0–64');
    else if (name === 'brightness' || name === 'contrast') spec[name] = value >= 0 && value <= 1 ? value : fail(`${name} needs a number 0–1`);
    else fail('unknown augmentation (use shift:N, flip, brightness:X, contrast:X or default)');
  }
  return spec;
}

/** True when `spec` changes nothing. */
export function isIdentityAugment(spec: AugmentSpec): boolean {
  return spec.shift === 0 && !spec.flip && spec.brightness === 0 && spec.contrast === 0;
}

/**
 * Returns a function that augments a batch of 8-bit `[batch, h, w, c]` pixels in place, drawing
 * every random choice from `rng` (seeded: the same seed gives the same augmentations).
 */
export function createAugmenter(spec: AugmentSpec, input: InputSpec, rng: Rng): (pixels: Uint8Array) => void {
  const { height, width, channels } = input;
  const imageBytes = height * width * channels;
  const scratch = new Uint8Array(imageBytes);
  return (pixels) => {
    for (let offset = 0; offset < pixels.length; offset += imageBytes) {
      const image = pixels.subarray(offset, offset + imageBytes);
      const dx = spec.shift ? Math.floor(rng() * (2 * spec.shift + 1)) - spec.shift : 0;
      const dy = spec.shift ? Math.floor(rng() * (2 * spec.shift + 1)) - spec.shift : 0;
      const mirror = spec.flip && rng() < 0.5;
      if (dx !== 0 || dy !== 0 || mirror) {
        scratch.fill(0);
        for (let y = 0; y < height; y++) {
          const sy = y - dy;
          if (sy < 0 || sy >= height) continue;
          for (let x = 0; x < width; x++) {
            const sx = (mirror ? width - 1 - x : x) - dx;
            if (sx < 0 || sx >= width) continue;
            for (let c = 0; c < channels; c++) scratch[(y * width + x) * channels + c] = image[(sy * width + sx) * channels + c] ?? 0;
          }
        }
        image.set(scratch);
      }
      if (spec.brightness > 0 || spec.contrast > 0) {
        const offsetValue = spec.brightness ? (rng() * 2 - 1) * spec.brightness * 255 : 0;
        const factor = spec.contrast ? 1 + (rng() * 2 - 1) * spec.contrast : 1;
        let mean = 0;
        for (let i = 0; i < image.length; i++) mean += image[i] ?? 0;
        mean /= image.length;
        for (let i = 0; i < image.length; i++) {
          const value = Math.round(((image[i] ?? 0) - mean) * factor + mean + offsetValue);
          image[i] = value < 0 ? 0 : value > 255 ? 255 : value;
        }
      }
    }
  };
}
