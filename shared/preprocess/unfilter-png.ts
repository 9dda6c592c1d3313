import type { InflatedPng } from './inflate-png';

/** The Paeth predictor (PNG spec 9.4): whichever of left, up and up-left is nearest to left + up - up-left. */
function paeth(left: number, up: number, upLeft: number): number {
  const distanceLeft = Math.abs(up - upLeft);
  const distanceUp = Math.abs(left - upLeft);
  const distanceUpLeft = Math.abs(left + up - 2 * upLeft);
  if (distanceLeft <= distanceUp && distanceLeft <= distanceUpLeft) return left;
  return distanceUp <= distanceUpLeft ? up : upLeft;
}

/**
 * Reverses the row filters of `rows` scanlines starting at `from` in `scanlines` (each a filter
 * byte, then `rowBytes`) into `out` from `to`, rows unpadded. `bytesPerPixel` is the filters'
 * "left" distance (1 below 8 bits per pixel). Filter bytes were checked by `inflatePng`.
 */
function unfilterRows(scanlines: Uint8Array, from: number, rows: number, rowBytes: number, bytesPerPixel: number, out: Uint8Array, to: number): void {
  for (let y = 0; y < rows; y++) {
    const source = from + y * (rowBytes + 1) + 1;
    const row = to + y * rowBytes;
    const above = row - rowBytes; // the previous row of `out`, when y > 0
    const filter = scanlines[source - 1] ?? 0;
    if (filter === 0 || (filter === 2 && y === 0)) {
      out.set(scanlines.subarray(source, source + rowBytes), row);
      continue;
    }
    // Uint8Array stores wrap modulo 256, as the filters' byte arithmetic does.
    for (let i = 0; i < rowBytes; i++) {
      const raw = scanlines[source + i] ?? 0;
      const left = i >= bytesPerPixel ? (out[row + i - bytesPerPixel] ?? 0) : 0;
      const up = y > 0 ? (out[above + i] ?? 0) : 0;
      if (filter === 1) out[row + i] = raw + left;
      else if (filter === 2) out[row + i] = raw + up;
      else if (filter === 3) out[row + i] = raw + ((left + up) >> 1);
      else out[row + i] = raw + paeth(left, up, i >= bytesPerPixel && y > 0 ? (out[above + i - bytesPerPixel] ?? 0) : 0);
    }
  }
}

/** 16-bit samples, stored big-endian, as numbers. */
function toUint16(bytes: Uint8Array): Uint16Array {
  const samples = new Uint16Array(bytes.length >> 1);
  for (let i = 0; i < samples.length; i++) samples[i] = ((bytes[2 * i] ?? 0) << 8) | (bytes[2 * i + 1] ?? 0);
  return samples;
}

/**
 * A PNG's samples from its inflated scanlines: the row filters reversed and Adam7 passes put in
 * place. A non-interlaced image is unfiltered inside `png.scanlines` (overwritten: no copy). Rows of 8- and 16-bit images come back as interleaved samples (`Uint16Array` at 16
 * bits); images under 8 bits come back packed, one row of `ceil(width * bits / 8)` bytes after
 * another (they are never interlaced here: `decodePng` refuses that first).
 *
 * @example
 * const samples = unfilterPng(inflatePng(bytes)); // 8-bit gray 28×28 → Uint8Array(784)
 */
export function unfilterPng(png: InflatedPng): Uint8Array | Uint16Array {
  const { width, height, bitDepth, channels, interlaced, layout, scanlines } = png;
  const bytesPerPixel = Math.max(1, (channels * bitDepth) >> 3);
  const [single] = layout.passes;
  if (!interlaced && single !== undefined) {
    // In place: row y is written at y * rowBytes, before its own bytes at y * (rowBytes + 1) + 1
    // and after the row above, so every byte is read before it is overwritten.
    unfilterRows(scanlines, 0, single.rows, single.rowBytes, bytesPerPixel, scanlines, 0);
    const out = scanlines.subarray(0, single.rows * single.rowBytes);
    return bitDepth === 16 ? toUint16(out) : out;
  }
  if (bitDepth < 8) throw new RangeError(`unfilterPng: interlaced PNGs below 8 bits per sample are not unpacked (bit depth ${bitDepth})`);
  const out = new Uint8Array(width * height * bytesPerPixel);
  let from = 0;
  for (const pass of layout.passes) {
    if (pass.rows === 0) continue;
    const passPixels = new Uint8Array(pass.rows * pass.rowBytes);
    unfilterRows(scanlines, from, pass.rows, pass.rowBytes, bytesPerPixel, passPixels, 0);
    from += pass.rows * (1 + pass.rowBytes);
    for (let y = 0; y < pass.rows; y++) {
      for (let x = 0; x < pass.width; x++) {
        const target = ((pass.y0 + y * pass.dy) * width + pass.x0 + x * pass.dx) * bytesPerPixel;
        const source = y * pass.rowBytes + x * bytesPerPixel;
        for (let b = 0; b < bytesPerPixel; b++) out[target + b] = passPixels[source + b] ?? 0;
      }
    }
  }
  return bitDepth === 16 ? toUint16(out) : out;
}
