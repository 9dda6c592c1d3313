/** Zero rows and columns around each image: `[top, bottom]` and `[left, right]`. */
export interface SpatialPadding {
  readonly top: number;
  readonly bottom: number;
  readonly left: number;
  readonly right: number;
}

/**
 * padded[b, h + top, w + left, c] = x[b, h, w, c], zeros elsewhere. `x` is `[B, H, W, C]`
 * (`shape`), `padded` is `[B, top + H + bottom, left + W + right, C]`.
 */
export function writeZeroPadded(x: Float32Array, shape: readonly [number, number, number, number], pad: SpatialPadding, padded: Float32Array): void {
  const [batch, height, width, channels] = shape;
  const row = width * channels;
  const paddedRow = (pad.left + width + pad.right) * channels;
  const paddedImage = (pad.top + height + pad.bottom) * paddedRow;
  padded.fill(0);
  for (let b = 0; b < batch; b++) {
    for (let h = 0; h < height; h++) {
      const source = (b * height + h) * row;
      padded.set(x.subarray(source, source + row), b * paddedImage + (pad.top + h) * paddedRow + pad.left * channels);
    }
  }
}
