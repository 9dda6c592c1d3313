// fflate is what fast-png itself inflates with (its dependency, installed with it).
import { Unzlib } from 'fflate';
import { crc32 } from './crc32';
import { ImageError } from './image-error';

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
/** PNG row filter types: None, Sub, Up, Average, Paeth. */
const MAX_FILTER_TYPE = 4;

/** One pass of scanlines: how many rows, and bytes per row after its filter byte. */
interface Pass {
  rows: number;
  rowBytes: number;
}

function passesOf(width: number, height: number, bitsPerPixel: number, interlaced: boolean): Pass[] {
  const layout = interlaced ? ADAM7 : ([[0, 0, 1, 1]] as const);
  return layout.map(([x0, y0, dx, dy]) => {
    const passWidth = Math.ceil(Math.max(0, width - x0) / dx);
    const rows = passWidth > 0 ? Math.ceil(Math.max(0, height - y0) / dy) : 0;
    return { rows, rowBytes: Math.ceil((passWidth * bitsPerPixel) / 8) };
  });
}

const corrupt = (message: string) => new ImageError('invalid_image', `PNG is corrupt: ${message}`);
const truncated = (message: string) => new ImageError('invalid_image', `PNG is truncated: ${message}`);

/**
 * Follows the filtered scanlines as they inflate: checks every row's filter byte and says, in
 * words, how far the image data got ("after row 12 of 28", or the Adam7 pass).
 */
class ScanlineTracker {
  private pass = 0;
  private row = 0;
  /** Offset in the inflated stream where the current row's filter byte is. */
  private rowStart = 0;
  produced = 0;
  readonly expected: number;

  constructor(private readonly passes: readonly Pass[], private readonly interlaced: boolean, private readonly height: number) {
    this.expected = passes.reduce((total, pass) => total + pass.rows * (1 + pass.rowBytes), 0);
    this.skipEmptyPasses();
  }

  /** Consumes inflated bytes; throws on a bad filter byte. */
  push(chunk: Uint8Array): void {
    const end = this.produced + chunk.length;
    while (this.pass < this.passes.length && this.rowStart < end) {
      const filter = chunk[this.rowStart - this.produced] ?? 0;
      if (filter > MAX_FILTER_TYPE) throw corrupt(`${this.rowName()} has filter type ${filter} (valid types are 0–4)`);
      this.rowStart += 1 + (this.passes[this.pass]?.rowBytes ?? 0);
      this.row++;
      this.skipEmptyPasses();
    }
    this.produced = end;
  }

  /** Where complete data stops, e.g. "after row 12 of 28". */
  progress(): string {
    const done = this.completeRows();
    if (!this.interlaced) return `after row ${done.row} of ${this.height}`;
    return `in Adam7 pass ${done.pass + 1} of 7, after row ${done.row} of ${this.passes[done.pass]?.rows ?? 0}`;
  }

  private completeRows(): { pass: number; row: number } {
    let remaining = this.produced;
    for (const [index, pass] of this.passes.entries()) {
      const bytes = pass.rows * (1 + pass.rowBytes);
      if (remaining < bytes) return { pass: index, row: Math.floor(remaining / (1 + pass.rowBytes)) };
      remaining -= bytes;
    }
    return { pass: this.passes.length - 1, row: this.passes[this.passes.length - 1]?.rows ?? 0 };
  }

  private rowName(): string {
    return this.interlaced ? `row ${this.row + 1} of Adam7 pass ${this.pass + 1}` : `row ${this.row + 1} of ${this.height}`;
  }

  private skipEmptyPasses(): void {
    while (this.pass < this.passes.length && this.row >= (this.passes[this.pass]?.rows ?? 0)) {
      this.pass++;
      this.row = 0;
    }
  }
}

/**
 * Checks a PNG's structure before fast-png runs, and says what is wrong in words:
 * - every chunk is complete ("chunk IDAT #3 at byte 33 declares 213 bytes, the file ends 100
 *   bytes into it") and its CRC matches ("bad CRC in chunk IDAT #3");
 * - one IHDR, at the start (fast-png sizes its buffers from the last one, bypassing the pixel
 *   limit checked on the first), image data present, and an IEND;
 * - the IDAT stream inflates ("truncated after row N of H", "corrupt … after row N"), every row
 *   has a valid filter type, and it holds no more than the header's scanlines (a decompression
 *   bomb: fast-png keeps all inflated bytes), found by inflating in small steps and counting,
 *   keeping nothing.
 * Throws `ImageError('invalid_image')`. Returns `bytes` without its `iCCP` chunks (fast-png
 * inflates those whole, and the profile is not used), else `bytes` itself.
 *
 * @example
 * decodePngFile(checkPngStructure(bytes), { checkCrc: false });
 */
export function checkPngStructure(bytes: Uint8Array): Uint8Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const width = view.getUint32(16);
  const height = view.getUint32(20);
  const bitDepth = bytes[24] ?? 0;
  const colorType = bytes[25] ?? -1;
  const channels = CHANNELS_BY_COLOR_TYPE[colorType];
  if (channels === undefined) throw corrupt(`IHDR colour type ${colorType} is not one of 0, 2, 3, 4, 6`);
  const validDepths = colorType === 0 ? [1, 2, 4, 8, 16] : colorType === 3 ? [1, 2, 4, 8] : [8, 16];
  if (!validDepths.includes(bitDepth)) throw corrupt(`IHDR bit depth ${bitDepth} is not valid for colour type ${colorType}`);
  const interlaced = bytes[28] === 1;
  const tracker = new ScanlineTracker(passesOf(width, height, channels * bitDepth, interlaced), interlaced, height);

  const inflater = new Unzlib((chunk) => tracker.push(chunk));
  const inflate = (data: Uint8Array, final: boolean) => {
    try {
      inflater.push(data, final);
    } catch (error) {
      if (error instanceof ImageError) throw error;
      // fflate's error code 0 is "unexpected EOF": the stream stops, rather than going wrong.
      const endsEarly = typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 0;
      if (endsEarly && tracker.produced < tracker.expected) {
        throw truncated(`its image data stops ${tracker.progress()} (${tracker.produced} of ${tracker.expected} bytes)`);
      }
      throw corrupt(`its compressed image data is invalid ${tracker.progress()}`);
    }
    if (tracker.produced > tracker.expected) {
      throw corrupt(`its image data inflates to more than the ${tracker.expected} bytes its ${width}×${height} header allows`);
    }
  };

  const iccpRanges: [number, number][] = [];
  let offset = SIGNATURE_BYTES;
  let index = 0;
  let sawIdat = false;
  let sawIend = false;
  while (offset < bytes.length) {
    index++;
    if (offset + 8 > bytes.length) throw truncated(`the file ends inside the header of chunk #${index} (at byte ${offset})`);
    const length = view.getUint32(offset);
    const type = String.fromCharCode(...bytes.subarray(offset + 4, offset + 8));
    const name = `chunk ${JSON.stringify(type).slice(1, -1)} #${index} at byte ${offset}`;
    const end = offset + 12 + length;
    if (end > bytes.length) {
      const available = Math.max(0, bytes.length - offset - 8);
      let where = '';
      if (type === 'IDAT') {
        // Inflate what is there, to say how many rows of the image survived.
        try {
          inflate(bytes.subarray(offset + 8), false);
        } catch {
          // Damaged as well as cut: the rows counted so far still say where it stops.
        }
        where = `: the image stops ${tracker.progress()}`;
      }
      throw truncated(`the file ends ${available} bytes into ${name}, which declares ${length}${where}`);
    }
    if (crc32(bytes.subarray(offset + 4, offset + 8 + length)) !== view.getUint32(offset + 8 + length)) throw corrupt(`bad CRC in ${name}`);
    if (type === 'IHDR' && offset !== SIGNATURE_BYTES) throw corrupt(`a second IHDR chunk (#${index}, at byte ${offset})`);
    if (type === 'iCCP') iccpRanges.push([offset, end]);
    if (type === 'IDAT') {
      sawIdat = true;
      const data = bytes.subarray(offset + 8, offset + 8 + length);
      for (let start = 0; start < data.length; start += INFLATE_SLICE) inflate(data.subarray(start, start + INFLATE_SLICE), false);
    }
    offset = end;
    if (type === 'IEND') {
      sawIend = true;
      break;
    }
  }
  if (!sawIdat) throw corrupt('it has no image data (no IDAT chunk)');
  inflate(new Uint8Array(0), true);
  if (tracker.produced < tracker.expected) {
    throw truncated(`its image data stops ${tracker.progress()} (${tracker.produced} of ${tracker.expected} bytes)`);
  }
  if (!sawIend) throw truncated('the image data is complete but the file ends without its IEND chunk');
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
