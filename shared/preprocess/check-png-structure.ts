// fflate is what fast-png itself inflates with (its dependency, installed with it).
import { Unzlib } from 'fflate';

/** Samples per pixel by IHDR colour type: gray, RGB, indexed, gray + alpha, RGBA. */
const CHANNELS_BY_COLOR_TYPE: Partial<Record<number, number>> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };
/** Adam7 passes: x start, y start, x step, y step. */
const ADAM7 = [
  [0, 0, 8, 8],
  [4, 0, 8, 8],
  [0, 4, 4, 8],
  [2, 0, 4, 4],
  [0, 2, 2, 4],
  [1, 0, 2, 2],
  [0, 1, 1, 2],
] as const;
/** Compressed bytes inflated per step: deflate expands at most ~1032×, so ≤ ~1 MB out per step. */
const INFLATE_SLICE = 1024;
const SIGNATURE_BYTES = 8;

/** Bytes of filtered scanlines (one filter byte per row) an IHDR implies, Adam7 passes included. */
function scanlineBytes(width: number, height: number, bitsPerPixel: number, interlaced: boolean): number {
  const passes = interlaced ? ADAM7 : ([[0, 0, 1, 1]] as const);
  let total = 0;
  for (const [x0, y0, dx, dy] of passes) {
    const passWidth = Math.ceil(Math.max(0, width - x0) / dx);
    const passHeight = Math.ceil(Math.max(0, height - y0) / dy);
    if (passWidth > 0 && passHeight > 0) total += passHeight * (1 + Math.ceil((passWidth * bitsPerPixel) / 8));
  }
  return total;
}

/**
 * Guards fast-png against what it would otherwise allocate without bound, before it runs:
 * - a second IHDR (fast-png sizes its buffers from the last one, bypassing the pixel limit
 *   checked on the first);
 * - an IDAT stream inflating to more than the IHDR's scanlines (a decompression bomb: fast-png
 *   keeps all inflated bytes), found by inflating in small steps and counting, keeping nothing.
 * Returns `bytes` without its `iCCP` chunks (fast-png inflates those whole, and the profile is
 * not used), else `bytes` itself. Throws plain `Error`s; `decodeImage` wraps them.
 *
 * @example
 * decodePngFile(checkPngStructure(bytes), { checkCrc: true });
 */
export function checkPngStructure(bytes: Uint8Array): Uint8Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const width = view.getUint32(16);
  const height = view.getUint32(20);
  const bitDepth = bytes[24] ?? 0;
  const channels = CHANNELS_BY_COLOR_TYPE[bytes[25] ?? -1];
  if (channels === undefined) throw new Error(`PNG colour type ${String(bytes[25])} is invalid`);
  const expected = scanlineBytes(width, height, channels * bitDepth, bytes[28] === 1);

  let produced = 0;
  const inflater = new Unzlib((chunk) => {
    produced += chunk.length;
  });
  const iccpRanges: [number, number][] = [];
  let offset = SIGNATURE_BYTES;
  while (offset + 8 <= bytes.length) {
    const length = view.getUint32(offset);
    const type = String.fromCharCode(...bytes.subarray(offset + 4, offset + 8));
    const end = offset + 12 + length;
    if (type === 'IHDR' && offset !== SIGNATURE_BYTES) throw new Error(`PNG has a second IHDR chunk at byte ${offset}`);
    if (type === 'iCCP') iccpRanges.push([offset, end]);
    if (type === 'IDAT') {
      const data = bytes.subarray(offset + 8, Math.min(end - 4, bytes.length));
      for (let start = 0; start < data.length; start += INFLATE_SLICE) {
        inflater.push(data.subarray(start, start + INFLATE_SLICE));
        if (produced > expected) {
          throw new Error(`PNG image data inflates to more than the ${expected} bytes its ${width}×${height} header allows`);
        }
      }
    }
    if (type === 'IEND') break;
    offset = end;
  }
  if (iccpRanges.length === 0) return bytes;
  const kept: Uint8Array[] = [];
  let from = 0;
  for (const [start, end] of iccpRanges) {
    kept.push(bytes.subarray(from, start));
    from = end;
  }
  kept.push(bytes.subarray(from));
  const out = new Uint8Array(kept.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of kept) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}
