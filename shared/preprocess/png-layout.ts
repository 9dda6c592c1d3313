/** The 8-byte PNG signature every file starts with. */
export const SIGNATURE_BYTES = 8;
/** Samples per pixel by IHDR colour type: gray, RGB, indexed, gray + alpha, RGBA. */
export const CHANNELS_BY_COLOR_TYPE: Partial<Record<number, 1 | 2 | 3 | 4>> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };

/** Adam7 passes: x start, y start, x step, y step. */
export const ADAM7 = [
  [0, 0, 8, 8],
  [4, 0, 8, 8],
  [0, 4, 4, 8],
  [2, 0, 4, 4],
  [0, 2, 2, 4],
  [1, 0, 2, 2],
  [0, 1, 1, 2],
] as const;

/** One pass of scanlines (the whole image when not interlaced): its size, and bytes per row after the filter byte. */
export interface PngPass {
  /** Pixel column and row of the pass's first pixel, and the steps between its pixels. */
  x0: number;
  y0: number;
  dx: number;
  dy: number;
  /** Pixels per row and rows (0 when the pass is empty). */
  width: number;
  rows: number;
  rowBytes: number;
}

/** The scanline passes of an image, and the inflated bytes they take (each row: a filter byte, then `rowBytes`). */
export interface PngLayout {
  passes: PngPass[];
  /** Inflated bytes the header allows, filter bytes included. */
  expectedBytes: number;
}

/**
 * How a PNG's inflated image data is laid out: one pass, or Adam7's seven, each with its rows.
 *
 * @example
 * pngLayout(28, 28, 8, false); // { passes: [{ width: 28, rows: 28, rowBytes: 28, … }], expectedBytes: 812 }
 */
export function pngLayout(width: number, height: number, bitsPerPixel: number, interlaced: boolean): PngLayout {
  const passes = (interlaced ? ADAM7 : ([[0, 0, 1, 1]] as const)).map(([x0, y0, dx, dy]): PngPass => {
    const passWidth = Math.ceil(Math.max(0, width - x0) / dx);
    const rows = passWidth > 0 ? Math.ceil(Math.max(0, height - y0) / dy) : 0;
    return { x0, y0, dx, dy, width: passWidth, rows, rowBytes: Math.ceil((passWidth * bitsPerPixel) / 8) };
  });
  return { passes, expectedBytes: passes.reduce((total, pass) => total + pass.rows * (1 + pass.rowBytes), 0) };
}
