import type { PreprocessSpec } from './preprocess-spec';
import { validatePreprocessSpec } from './preprocess-spec';
import { assertRawImage } from './raw-image';
import type { RawImage } from './raw-image';
import { resizeBilinear } from './resize-bilinear';
import { toChannels } from './to-channels';

/**
 * Turns 8-bit pixels into model input, the one function both the trainer (raw dataset pixels)
 * and the worker (decoded uploads, via `preprocessImage`) call:
 *
 * 1. `toChannels`: composite alpha over `spec.alphaBackground`, convert to `spec.input.channels`.
 * 2. `resizeBilinear` to `spec.input.height × width`, only if the size differs.
 * 3. Normalize per channel: `(value / 255 - mean[c]) / std[c]`, computed in float64, stored float32.
 *
 * Returns `[height, width, channels]` float32, row-major, ready for `tf.tensor(data, [1, h, w, c])`.
 * With the default spec an MNIST image passes straight through as `pixel / 255`, equal to
 * tfjs' float32 `tensor.div(255)`.
 *
 * Throws `RangeError` for an invalid spec or an image whose data length does not match its size.
 *
 * @example
 * const spec = defaultPreprocessSpec({ height: 28, width: 28, channels: 1 });
 * const input = preprocessPixels({ data: idxPixels, width: 28, height: 28, channels: 1 }, spec);
 * // Float32Array(784), values in [0, 1]
 */
export function preprocessPixels(image: RawImage, spec: PreprocessSpec): Float32Array {
  validatePreprocessSpec(spec);
  assertRawImage(image);
  const { height, width, channels } = spec.input;
  const converted = toChannels(image, channels, spec.alphaBackground);

  if (converted.width === width && converted.height === height) {
    return normalize(converted.data, channels, spec);
  }
  const resized = resizeBilinear(converted, height, width, { antialias: spec.antialias });
  return normalize(resized.data, channels, spec);
}

/** `(value / 255 - mean[c]) / std[c]` for interleaved values in the 0–255 scale. */
function normalize(values: Uint8Array | Float32Array, channels: number, spec: PreprocessSpec): Float32Array {
  const out = new Float32Array(values.length);
  if (channels === 1) {
    // Fast path (MNIST): one mean and std, a single tight loop.
    const mean = spec.mean[0] ?? 0;
    const std = spec.std[0] ?? 1;
    for (let i = 0; i < values.length; i++) {
      out[i] = ((values[i] ?? 0) / 255 - mean) / std;
    }
    return out;
  }
  for (let c = 0; c < channels; c++) {
    const mean = spec.mean[c] ?? 0;
    const std = spec.std[c] ?? 1;
    for (let i = c; i < values.length; i += channels) {
      out[i] = ((values[i] ?? 0) / 255 - mean) / std;
    }
  }
  return out;
}
