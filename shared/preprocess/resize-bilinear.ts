import type { RawImage } from './raw-image';

/**
 * An image with float samples, interleaved `[height, width, channels]`, in the same 0–255 scale
 * as the 8-bit image it came from (resizing does not round).
 */
export interface FloatImage {
  data: Float32Array;
  width: number;
  height: number;
  channels: number;
}

/** Options for `resizeBilinear`. */
export interface ResizeOptions {
  /** When shrinking an axis, widen the triangle filter by the scale (area-weighted averaging). */
  antialias: boolean;
}

/**
 * Resizes with bilinear interpolation and half-pixel centers: output pixel `o` samples the input
 * at `(o + 0.5) * inSize / outSize - 0.5`, clamped at the borders. That is
 * `tf.image.resizeBilinear(images, size, false, true)` (alignCorners false, halfPixelCenters true).
 *
 * With `antialias` on an axis that shrinks by `scale > 1`, the triangle filter's radius grows
 * from 1 to `scale` input pixels: each output pixel is the weighted mean of every input pixel
 * whose center lies within `scale` of the output center, weight `1 - distance / scale`,
 * renormalized at the borders. That is PIL's `Image.resize(BILINEAR)` and TF2's
 * `tf.image.resize(..., antialias=True)`. Enlarging axes are plain bilinear either way.
 *
 * Separable: rows first, then columns, accumulating in float64 and storing float32.
 *
 * @example
 * const gray = { data: Uint8Array.of(0, 100), width: 2, height: 1, channels: 1 as const };
 * resizeBilinear(gray, 1, 4, { antialias: true }).data; // Float32Array [0, 25, 75, 100]
 */
export function resizeBilinear(
  image: RawImage | FloatImage,
  height: number,
  width: number,
  options: ResizeOptions,
): FloatImage {
  const { width: inWidth, height: inHeight, channels, data: source } = image;
  if (!Number.isInteger(height) || height <= 0 || !Number.isInteger(width) || width <= 0) {
    throw new RangeError(`resize target must be positive integers, got ${height}×${width}`);
  }
  if (height === inHeight && width === inWidth) {
    return { data: Float32Array.from(source), width, height, channels };
  }

  // Pass 1, along rows: [inHeight, inWidth, c] → [inHeight, width, c].
  const columns = axisWeights(inWidth, width, options.antialias);
  const rowPass = new Float64Array(inHeight * width * channels);
  for (let y = 0; y < inHeight; y++) {
    const inRow = y * inWidth * channels;
    const outRow = y * width * channels;
    for (let x = 0; x < width; x++) {
      const first = columns.first[x] ?? 0;
      const count = columns.count[x] ?? 0;
      const weightOffset = x * columns.stride;
      for (let c = 0; c < channels; c++) {
        let sum = 0;
        for (let k = 0; k < count; k++) {
          sum += (columns.weights[weightOffset + k] ?? 0) * (source[inRow + (first + k) * channels + c] ?? 0);
        }
        rowPass[outRow + x * channels + c] = sum;
      }
    }
  }

  // Pass 2, along columns: [inHeight, width, c] → [height, width, c].
  const rows = axisWeights(inHeight, height, options.antialias);
  const rowLength = width * channels;
  const data = new Float32Array(height * rowLength);
  for (let y = 0; y < height; y++) {
    const first = rows.first[y] ?? 0;
    const count = rows.count[y] ?? 0;
    const weightOffset = y * rows.stride;
    const outRow = y * rowLength;
    for (let i = 0; i < rowLength; i++) {
      let sum = 0;
      for (let k = 0; k < count; k++) {
        sum += (rows.weights[weightOffset + k] ?? 0) * (rowPass[(first + k) * rowLength + i] ?? 0);
      }
      data[outRow + i] = sum;
    }
  }
  return { data, width, height, channels };
}

/** For output index `o`: inputs `first[o] .. first[o] + count[o] - 1` with weights at `o * stride`, summing to 1. */
interface AxisWeights {
  first: Int32Array;
  count: Int32Array;
  weights: Float64Array;
  stride: number;
}

function axisWeights(inSize: number, outSize: number, antialias: boolean): AxisWeights {
  const scale = inSize / outSize;
  if (!antialias || scale <= 1) return bilinearWeights(inSize, outSize, scale);

  // Triangle filter of radius `scale` around the output center, in input pixel coordinates.
  const radius = scale;
  const stride = Math.ceil(2 * radius) + 2;
  const first = new Int32Array(outSize);
  const count = new Int32Array(outSize);
  const weights = new Float64Array(outSize * stride);
  for (let o = 0; o < outSize; o++) {
    const center = (o + 0.5) * scale;
    const low = Math.max(0, Math.floor(center - radius - 0.5));
    const high = Math.min(inSize - 1, Math.ceil(center + radius - 0.5));
    let total = 0;
    for (let i = low; i <= high; i++) {
      const weight = Math.max(0, 1 - Math.abs(i + 0.5 - center) / radius);
      weights[o * stride + (i - low)] = weight;
      total += weight;
    }
    // total > 0: the input pixel nearest the center is always within the radius (radius > 1).
    for (let k = 0; k <= high - low; k++) weights[o * stride + k] = (weights[o * stride + k] ?? 0) / total;
    first[o] = low;
    count[o] = high - low + 1;
  }
  return { first, count, weights, stride };
}

/** Two taps per output, exactly as tfjs' ResizeBilinear kernel picks them (half-pixel centers). */
function bilinearWeights(inSize: number, outSize: number, scale: number): AxisWeights {
  const stride = 2;
  const first = new Int32Array(outSize);
  const count = new Int32Array(outSize);
  const weights = new Float64Array(outSize * stride);
  for (let o = 0; o < outSize; o++) {
    const source = (o + 0.5) * scale - 0.5;
    const low = Math.max(0, Math.floor(source));
    const high = Math.min(inSize - 1, Math.ceil(source));
    first[o] = low;
    if (high === low) {
      count[o] = 1;
      weights[o * stride] = 1;
    } else {
      const fraction = source - low;
      count[o] = 2;
      weights[o * stride] = 1 - fraction;
      weights[o * stride + 1] = fraction;
    }
  }
  return { first, count, weights, stride };
}
