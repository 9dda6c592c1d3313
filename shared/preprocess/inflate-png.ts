// A well-formed file is inflated by the platform's zlib in one call (`inflateWellFormedPng`). Any
// other is read again here, chunk by chunk, with pako's low-level zlib API (a port of zlib's
// inflate), to say what is wrong and where: it writes into a buffer we size, and stops when that
// buffer is full, so a decompression bomb costs no more memory or time than the header allows,
// and the rows inflated before a failure are counted.
import { crc32 } from 'node:zlib';
import { Z_BUF_ERROR, Z_NO_FLUSH, Z_OK, Z_STREAM_END, ZStream, zlibInflate, zlibInflateInit2, zlibInflateReset2 } from 'pako';
import { ImageError } from './image-error';
import { inflateWellFormedPng, validZlibHeader } from './inflate-well-formed-png';
import { CHANNELS_BY_COLOR_TYPE, pngLayout, SIGNATURE_BYTES } from './png-layout';
import type { PngLayout } from './png-layout';

/** PNG row filter types: None, Sub, Up, Average, Paeth. */
const MAX_FILTER_TYPE = 4;
/** A raw deflate stream with a 32 KiB window: the zlib header is read here, the Adler-32 trailer is not checked (as browsers do). */
const RAW_DEFLATE_WINDOW_BITS = -15;

/** A PNG's header, palette, transparency and filtered scanlines, inflated once and checked. */
export interface InflatedPng {
  width: number;
  height: number;
  bitDepth: number;
  /** IHDR colour type: 0 gray, 2 RGB, 3 indexed, 4 gray + alpha, 6 RGBA. */
  colorType: number;
  /** Samples per pixel of the colour type (1 for indexed). */
  channels: 1 | 2 | 3 | 4;
  interlaced: boolean;
  layout: PngLayout;
  /** The inflated image data: each row a filter byte (0–4, checked) and `rowBytes`, pass after pass. */
  scanlines: Uint8Array;
  /** The PLTE chunk's RGB triples, if the file has one. */
  palette: Uint8Array | undefined;
  /** The tRNS chunk's bytes, if the file has one. */
  transparency: Uint8Array | undefined;
}

const corrupt = (message: string) => new ImageError('invalid_image', `PNG is corrupt: ${message}`);
const truncated = (message: string) => new ImageError('invalid_image', `PNG is truncated: ${message}`);

/** Says, in words, how far `produced` inflated bytes got through the rows ("after row 12 of 28", or the Adam7 pass). */
function progressOf(layout: PngLayout, interlaced: boolean, height: number, produced: number): string {
  let remaining = produced;
  let pass = layout.passes.length - 1;
  let row = layout.passes[pass]?.rows ?? 0;
  for (const [index, { rows, rowBytes }] of layout.passes.entries()) {
    if (remaining < rows * (1 + rowBytes)) {
      pass = index;
      row = Math.floor(remaining / (1 + rowBytes));
      break;
    }
    remaining -= rows * (1 + rowBytes);
  }
  if (!interlaced) return `after row ${row} of ${height}`;
  return `in Adam7 pass ${pass + 1} of 7, after row ${row} of ${layout.passes[pass]?.rows ?? 0}`;
}

/** Checks each row's filter byte (0–4) as the rows arrive, so the first bad one is named before what follows it. */
class FilterByteChecker {
  private pass = 0;
  private row = 0;
  /** Offset of the next row's filter byte. */
  private rowStart = 0;

  constructor(private readonly layout: PngLayout, private readonly interlaced: boolean, private readonly height: number) {
    this.skipEmptyPasses();
  }

  /** Throws for the first unchecked row, among the first `produced` bytes, whose filter byte is not 0–4. */
  check(scanlines: Uint8Array, produced: number): void {
    const { passes } = this.layout;
    while (this.pass < passes.length && this.rowStart < produced) {
      const filter = scanlines[this.rowStart] ?? 0;
      if (filter > MAX_FILTER_TYPE) {
        const rowName = this.interlaced ? `row ${this.row + 1} of Adam7 pass ${this.pass + 1}` : `row ${this.row + 1} of ${this.height}`;
        throw corrupt(`${rowName} has filter type ${filter} (valid types are 0–4)`);
      }
      this.rowStart += 1 + (passes[this.pass]?.rowBytes ?? 0);
      this.row++;
      this.skipEmptyPasses();
    }
  }

  private skipEmptyPasses(): void {
    const { passes } = this.layout;
    while (this.pass < passes.length && this.row >= (passes[this.pass]?.rows ?? 0)) {
      this.pass++;
      this.row = 0;
    }
  }
}

/**
 * The per-isolate (per-process in Node) inflate state, reset for each PNG: zlib's state keeps its
 * 32 KiB window and tables between resets, which a small image would otherwise allocate every
 * time. Decoding is synchronous, so one state is never used by two decodes at once.
 */
let reusedInflateStream: ZStream | undefined;

function resetInflateStream(): ZStream {
  if (reusedInflateStream === undefined) {
    reusedInflateStream = new ZStream();
    zlibInflateInit2(reusedInflateStream, RAW_DEFLATE_WINDOW_BITS);
  } else zlibInflateReset2(reusedInflateStream, RAW_DEFLATE_WINDOW_BITS);
  return reusedInflateStream;
}

/**
 * The IDAT stream, inflated into a buffer one byte larger than the header allows: filling it
 * means the data holds more than the header's scanlines (a decompression bomb), found without
 * inflating further. The zlib header is checked here; what follows is raw deflate.
 */
class ScanlineInflater {
  readonly scanlines: Uint8Array;
  private readonly stream = resetInflateStream();
  private readonly zlibHeader: number[] = [];
  private ended = false;

  constructor(private readonly expected: number) {
    this.scanlines = new Uint8Array(expected + 1);
    this.stream.output = this.scanlines as Uint8Array<ArrayBuffer>;
    this.stream.next_out = 0;
    this.stream.avail_out = expected + 1;
  }

  /** Inflated bytes so far. */
  get produced(): number {
    return this.stream.total_out;
  }

  /**
   * Inflates `data` (`final`: no data follows): `ok`, or `ok` once the stream has ended (data
   * after its end is ignored); `invalid` for a bad zlib header or deflate data; `too-long` when it
   * inflates past the header's size; `truncated` when the final push leaves the stream unfinished.
   */
  push(data: Uint8Array, final: boolean): 'ok' | 'invalid' | 'truncated' | 'too-long' {
    let input = data;
    while (this.zlibHeader.length < 2 && input.length > 0) {
      this.zlibHeader.push(input[0] ?? 0);
      input = input.subarray(1);
      if (this.zlibHeader.length === 2 && !validZlibHeader(this.zlibHeader[0] ?? 0, this.zlibHeader[1] ?? 0)) return 'invalid';
    }
    if (!this.ended && input.length > 0) {
      this.stream.input = input;
      this.stream.next_in = 0;
      this.stream.avail_in = input.length;
      const status = zlibInflate(this.stream, Z_NO_FLUSH);
      if (status === Z_STREAM_END) this.ended = true;
      else if (status !== Z_OK && status !== Z_BUF_ERROR) return 'invalid';
      if (this.stream.total_out > this.expected) return 'too-long';
    }
    if (final && !this.ended) return 'truncated';
    return 'ok';
  }
}

/** The IHDR fields `inflatePng` returns, checked, and the scanline layout they give. */
type PngHeaderFields = Pick<InflatedPng, 'width' | 'height' | 'bitDepth' | 'colorType' | 'channels' | 'interlaced' | 'layout'>;

function readIhdr(bytes: Uint8Array, view: DataView): PngHeaderFields {
  const width = view.getUint32(16);
  const height = view.getUint32(20);
  const bitDepth = bytes[24] ?? 0;
  const colorType = bytes[25] ?? -1;
  const channels = CHANNELS_BY_COLOR_TYPE[colorType];
  if (channels === undefined) throw corrupt(`IHDR colour type ${colorType} is not one of 0, 2, 3, 4, 6`);
  const validDepths = colorType === 0 ? [1, 2, 4, 8, 16] : colorType === 3 ? [1, 2, 4, 8] : [8, 16];
  if (!validDepths.includes(bitDepth)) throw corrupt(`IHDR bit depth ${bitDepth} is not valid for colour type ${colorType}`);
  if (bytes[26] !== 0) throw corrupt(`IHDR compression method ${bytes[26] ?? '(none)'} is not 0 (deflate)`);
  if (bytes[27] !== 0) throw corrupt(`IHDR filter method ${bytes[27] ?? '(none)'} is not 0 (adaptive)`);
  if (bytes[28] !== 0 && bytes[28] !== 1) throw corrupt(`IHDR interlace method ${bytes[28] ?? '(none)'} is not 0 (none) or 1 (Adam7)`);
  const interlaced = bytes[28] === 1;
  return { width, height, bitDepth, colorType, channels, interlaced, layout: pngLayout(width, height, channels * bitDepth, interlaced) };
}

/**
 * Reads a PNG's chunks and inflates its image data, checks them, and says what is wrong in words.
 * A well-formed file is inflated once, by the platform's zlib (`inflateWellFormedPng`); any other
 * is read again by `inflatePngChunkByChunk`, so its first fault is the one named.
 * Throws `ImageError('invalid_image')`. Expects `bytes` accepted by `readImageHeader`.
 *
 * @example
 * const { scanlines, layout } = inflatePng(bytes); // then unfilterPng
 */
export function inflatePng(bytes: Uint8Array): InflatedPng {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const header = readIhdr(bytes, view);
  const wellFormed = inflateWellFormedPng(bytes, header.layout.expectedBytes);
  if (wellFormed === undefined) return inflateChunkByChunk(bytes, view, header);
  // Only the filter types are left to check; a bad one is then the file's only fault, named as the chunk-by-chunk pass names it.
  new FilterByteChecker(header.layout, header.interlaced, header.height).check(wellFormed.scanlines, header.layout.expectedBytes);
  return { ...header, ...wellFormed };
}

/**
 * What `inflatePng` returns, found without the platform's zlib: pako inflates each IDAT as it is
 * reached, checking as it goes, and the first fault met is the one thrown:
 * - every chunk is complete ("chunk IDAT #3 at byte 33 declares 213 bytes, the file ends 100
 *   bytes into it") and its CRC matches ("bad CRC in chunk IDAT #3");
 * - one IHDR, at the start, with valid fields; image data present, and an IEND;
 * - the IDAT stream inflates ("truncated after row N of H", "corrupt … after row N"), every row
 *   has a valid filter type, and it holds no more than the header's scanlines (a decompression
 *   bomb is refused once it has filled the header's size, never inflated further).
 * For a well-formed file it gives the same bytes as `inflatePng`; the tests hold the two to that.
 *
 * @example
 * inflatePngChunkByChunk(truncatedPng); // throws "PNG is truncated: … the image stops after row 12 of 28"
 */
export function inflatePngChunkByChunk(bytes: Uint8Array): InflatedPng {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return inflateChunkByChunk(bytes, view, readIhdr(bytes, view));
}

function inflateChunkByChunk(bytes: Uint8Array, view: DataView, header: PngHeaderFields): InflatedPng {
  const { width, height, interlaced, layout } = header;
  const expected = layout.expectedBytes;
  const filters = new FilterByteChecker(layout, interlaced, height);
  const inflater = new ScanlineInflater(expected);
  const progress = () => progressOf(layout, interlaced, height, Math.min(inflater.produced, expected));
  const inflate = (data: Uint8Array, final: boolean) => {
    const outcome = inflater.push(data, final);
    // Rows that inflated before a failure are checked first: a bad filter byte is named before what follows it.
    filters.check(inflater.scanlines, Math.min(inflater.produced, expected));
    if (outcome === 'too-long') throw corrupt(`its image data inflates to more than the ${expected} bytes its ${width}×${height} header allows`);
    if (outcome === 'invalid') throw corrupt(`its compressed image data is invalid ${progress()}`);
    if (outcome === 'truncated') {
      if (inflater.produced < expected) throw truncated(`its image data stops ${progress()} (${inflater.produced} of ${expected} bytes)`);
      throw corrupt(`its compressed image data is invalid ${progress()}`);
    }
  };

  let palette: Uint8Array | undefined;
  let transparency: Uint8Array | undefined;
  let offset = SIGNATURE_BYTES;
  let index = 0;
  let sawIdat = false;
  let sawIend = false;
  while (offset < bytes.length) {
    index++;
    if (offset + 8 > bytes.length) throw truncated(`the file ends inside the header of chunk #${index} (at byte ${offset})`);
    const length = view.getUint32(offset);
    const type = String.fromCharCode(bytes[offset + 4] ?? 0, bytes[offset + 5] ?? 0, bytes[offset + 6] ?? 0, bytes[offset + 7] ?? 0);
    const name = `chunk ${JSON.stringify(type).slice(1, -1)} #${index} at byte ${offset}`;
    const end = offset + 12 + length;
    if (end > bytes.length) {
      const available = Math.max(0, bytes.length - offset - 8);
      let where = '';
      if (type === 'IDAT') {
        // Inflate what is there, to say how many rows of the image survived.
        inflater.push(bytes.subarray(offset + 8), false);
        where = `: the image stops ${progress()}`;
      }
      throw truncated(`the file ends ${available} bytes into ${name}, which declares ${length}${where}`);
    }
    const data = bytes.subarray(offset + 8, offset + 8 + length);
    if (crc32(bytes.subarray(offset + 4, offset + 8 + length)) !== view.getUint32(offset + 8 + length)) throw corrupt(`bad CRC in ${name}`);
    if (type === 'IHDR' && offset !== SIGNATURE_BYTES) throw corrupt(`a second IHDR chunk (#${index}, at byte ${offset})`);
    if (type === 'PLTE') palette = data;
    if (type === 'tRNS') transparency = data;
    if (type === 'IDAT') {
      sawIdat = true;
      inflate(data, false);
    }
    offset = end;
    if (type === 'IEND') {
      sawIend = true;
      break;
    }
  }
  if (!sawIdat) throw corrupt('it has no image data (no IDAT chunk)');
  inflate(new Uint8Array(0), true);
  if (inflater.produced < expected) throw truncated(`its image data stops ${progress()} (${inflater.produced} of ${expected} bytes)`);
  if (!sawIend) throw truncated('the image data is complete but the file ends without its IEND chunk');
  return { ...header, scanlines: inflater.scanlines.subarray(0, expected), palette, transparency };
}
