import type { PreprocessSpec } from './preprocess-spec';

/**
 * The second half of preprocessing: 8-bit `[h, w, c]` pixels to float32 model input,
 * `(pixel / 255 − mean[c]) / std[c]`. Writes into `out` at `offset` when given (to fill a batch
 * without a copy), else into a new array.
 *
 * @example
 * const input = normalizePixels(preparePixels(image, spec), spec); // Float32Array, h·w·c
 */
export function normalizePixels(
  pixels: Uint8Array,
  spec: Pick<PreprocessSpec, 'mean' | 'std' | 'input'>,
  out: Float32Array = new Float32Array(pixels.length),
  offset = 0,
): Float32Array {
  const channels = spec.input.channels;
  if (channels === 1) {
    // Fast path (MNIST): one mean and std, a single tight loop; computed in float64 like the rest.
    const mean = spec.mean[0] ?? 0;
    const std = spec.std[0] ?? 1;
    for (let i = 0; i < pixels.length; i++) out[offset + i] = ((pixels[i] ?? 0) / 255 - mean) / std;
    return out;
  }
  for (let c = 0; c < channels; c++) {
    const mean = spec.mean[c] ?? 0;
    const std = spec.std[c] ?? 1;
    for (let i = c; i < pixels.length; i += channels) out[offset + i] = ((pixels[i] ?? 0) / 255 - mean) / std;
  }
  return out;
}
