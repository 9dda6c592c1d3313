// Builds and takes apart PNG files byte by byte, for hostile-input tests. Pure TypeScript over
// Uint8Array (no Buffer, no zlib binding), so it runs in Node and in workerd alike.

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] as const;

/** One chunk as found in a file; `crc` is what the file says, right or wrong. */
export interface PngChunk {
  type: string;
  data: Uint8Array;
  crc: number;
}

/** IHDR fields, https://www.w3.org/TR/png/#11IHDR. */
export interface PngHeader {
  width: number;
  height: number;
  bitDepth: 1 | 2 | 4 | 8 | 16;
  /** 0 gray, 2 RGB, 3 indexed, 4 gray + alpha, 6 RGBA. */
  colorType: 0 | 2 | 3 | 4 | 6;
  interlace: 0 | 1;
}

/** Samples per pixel of each colour type. */
const CHANNELS_BY_COLOR_TYPE: Record<PngHeader['colorType'], number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };

/** CRC-32 as PNG uses it (ISO 3309), bitwise. */
export function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let bit = 0; bit < 8; bit++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

function asciiBytes(text: string): Uint8Array {
  return Uint8Array.from(text, (char) => char.charCodeAt(0));
}

function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/** A chunk with its correct CRC (over type + data). */
export function pngChunk(type: string, data: Uint8Array): PngChunk {
  return { type, data, crc: crc32(concatBytes([asciiBytes(type), data])) };
}

/** Signature + chunks, each written as length, type, data, `crc` (kept as given). */
export function writePng(chunks: readonly PngChunk[]): Uint8Array {
  const parts: Uint8Array[] = [Uint8Array.from(PNG_SIGNATURE)];
  for (const chunk of chunks) {
    const framed = new Uint8Array(12 + chunk.data.length);
    const view = new DataView(framed.buffer);
    view.setUint32(0, chunk.data.length);
    framed.set(asciiBytes(chunk.type), 4);
    framed.set(chunk.data, 8);
    view.setUint32(8 + chunk.data.length, chunk.crc);
    parts.push(framed);
  }
  return concatBytes(parts);
}

/** The chunks of a well-formed PNG (throws on a truncated one: only feed it valid files). */
export function readPngChunks(png: Uint8Array): PngChunk[] {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  const chunks: PngChunk[] = [];
  let offset = PNG_SIGNATURE.length;
  while (offset + 12 <= png.length) {
    const length = view.getUint32(offset);
    const type = String.fromCharCode(...png.subarray(offset + 4, offset + 8));
    if (offset + 12 + length > png.length) throw new Error(`chunk ${type} at byte ${offset} runs past the end`);
    chunks.push({ type, data: png.slice(offset + 8, offset + 8 + length), crc: view.getUint32(offset + 8 + length) });
    offset += 12 + length;
  }
  return chunks;
}

/** The zlib stream of a well-formed PNG: its IDAT chunks' data, joined in order. */
export function idatStream(png: Uint8Array): Uint8Array {
  return concatBytes(readPngChunks(png).filter((chunk) => chunk.type === 'IDAT').map((chunk) => chunk.data));
}

/** The 13-byte IHDR body. */
export function ihdrData(header: PngHeader): Uint8Array {
  const data = new Uint8Array(13);
  const view = new DataView(data.buffer);
  view.setUint32(0, header.width >>> 0);
  view.setUint32(4, header.height >>> 0);
  data.set([header.bitDepth, header.colorType, 0, 0, header.interlace], 8);
  return data;
}

/** `png` with IHDR width/height replaced; the CRC is recomputed unless `keepCrc`. */
export function forgePngSize(png: Uint8Array, width: number, height: number, keepCrc = false): Uint8Array {
  const chunks = readPngChunks(png).map((chunk) => {
    if (chunk.type !== 'IHDR') return chunk;
    const data = chunk.data.slice();
    const view = new DataView(data.buffer);
    view.setUint32(0, width >>> 0);
    view.setUint32(4, height >>> 0);
    return keepCrc ? { ...chunk, data } : pngChunk('IHDR', data);
  });
  return writePng(chunks);
}

function adler32(bytes: Uint8Array): number {
  let a = 1;
  let b = 0;
  for (const byte of bytes) {
    a = (a + byte) % 65521;
    b = (b + a) % 65521;
  }
  return ((b << 16) | a) >>> 0;
}

/** A valid zlib stream of `raw` in stored (uncompressed) deflate blocks. */
export function zlibStored(raw: Uint8Array): Uint8Array {
  const parts: Uint8Array[] = [Uint8Array.of(0x78, 0x01)];
  let offset = 0;
  do {
    const length = Math.min(0xffff, raw.length - offset);
    const final = offset + length >= raw.length ? 1 : 0;
    parts.push(Uint8Array.of(final, length & 0xff, length >> 8, ~length & 0xff, (~length >> 8) & 0xff));
    parts.push(raw.subarray(offset, offset + length));
    offset += length;
  } while (offset < raw.length);
  const checksum = new Uint8Array(4);
  new DataView(checksum.buffer).setUint32(0, adler32(raw));
  parts.push(checksum);
  return concatBytes(parts);
}

/** Writes deflate bits LSB first; Huffman codes are given MSB first, as RFC 1951 stores them. */
class BitWriter {
  private readonly bytes: number[] = [];
  private current = 0;
  private used = 0;

  bits(value: number, count: number): void {
    for (let i = 0; i < count; i++) this.push((value >> i) & 1);
  }

  code(value: number, count: number): void {
    for (let i = count - 1; i >= 0; i--) this.push((value >> i) & 1);
  }

  finish(): Uint8Array {
    if (this.used > 0) this.bytes.push(this.current);
    return Uint8Array.from(this.bytes);
  }

  private push(bit: number): void {
    this.current |= bit << this.used;
    this.used += 1;
    if (this.used === 8) {
      this.bytes.push(this.current);
      this.current = 0;
      this.used = 0;
    }
  }
}

/**
 * A valid zlib stream that inflates to `length` zero bytes, about 1/1000 of that size: one
 * literal 0, then (length 258, distance 1) matches in one fixed-Huffman block. A decompression bomb.
 */
export function zlibZeroBomb(length: number): Uint8Array {
  const writer = new BitWriter();
  writer.bits(1, 1); // BFINAL
  writer.bits(1, 2); // BTYPE = 01, fixed Huffman
  writer.code(0x30, 8); // literal 0
  let remaining = length - 1;
  while (remaining > 0) {
    if (remaining < 3) {
      writer.code(0x30, 8);
      remaining -= 1;
      continue;
    }
    // Matches are 3–258 long; 259 or 260 left would end in a 1–2 byte tail, so stop 3 short.
    const run = remaining >= 261 ? 258 : remaining <= 258 ? remaining : remaining - 3;
    emitMatch(writer, run);
    remaining -= run;
  }
  writer.code(0, 7); // end of block (256)
  const body = writer.finish();
  const out = new Uint8Array(2 + body.length + 4);
  out.set([0x78, 0x01]);
  out.set(body, 2);
  // Adler-32 of `length` zeros: a stays 1, b adds 1 per byte.
  new DataView(out.buffer).setUint32(2 + body.length, (((length % 65521) << 16) | 1) >>> 0);
  return out;
}

/** Length codes 257–284 (base, extra bits) from RFC 1951 §3.2.5; 285 is 258 with no extra bits. */
const LENGTH_BASES = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227];

function emitMatch(writer: BitWriter, length: number): void {
  let symbol = 285;
  let extraBits = 0;
  let extra = 0;
  if (length !== 258) {
    let index = LENGTH_BASES.length - 1;
    while ((LENGTH_BASES[index] ?? 0) > length) index--;
    symbol = 257 + index;
    extraBits = index < 8 ? 0 : Math.floor((index - 4) / 4);
    extra = length - (LENGTH_BASES[index] ?? 0);
  }
  // Fixed codes: 256–279 are 7 bits from 0, 280–287 are 8 bits from 0xC0.
  if (symbol <= 279) writer.code(symbol - 256, 7);
  else writer.code(0xc0 + symbol - 280, 8);
  writer.bits(extra, extraBits);
  writer.code(0, 5); // distance code 0 = distance 1
}

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

/** Packs one row of samples at `bitDepth` (MSB first below 8 bits, big-endian at 16). */
function packRow(samples: readonly number[], bitDepth: number): Uint8Array {
  const row = new Uint8Array(Math.ceil((samples.length * bitDepth) / 8));
  samples.forEach((sample, index) => {
    if (bitDepth === 16) {
      row[index * 2] = sample >> 8;
      row[index * 2 + 1] = sample & 0xff;
    } else if (bitDepth === 8) {
      row[index] = sample;
    } else {
      const bit = index * bitDepth;
      row[bit >> 3] = (row[bit >> 3] ?? 0) | (sample << (8 - bitDepth - (bit & 7)));
    }
  });
  return row;
}

/** Options of `encodeTestPng`: extra chunks go between IHDR (and PLTE) and IDAT. */
export interface TestPngOptions extends PngHeader {
  /** Sample `channel` of pixel (x, y), in [0, 2^bitDepth). */
  sample: (x: number, y: number, channel: number) => number;
  /** RGB triples for colour type 3. */
  palette?: readonly (readonly [number, number, number])[];
  /** A tRNS chunk body (palette alphas, or a colour key). */
  transparency?: Uint8Array;
  /** Row filters: type 0 on every row (the default), or the five types in turn, row after row. */
  filters?: 'none' | 'cycle';
  /** The zlib stream of the scanlines; stored blocks by default (a caller may pass a real deflater). */
  deflate?: (scanlines: Uint8Array) => Uint8Array;
  /** IDAT chunks the stream is split over, as evenly as it goes (default 1). */
  idatChunks?: number;
}

/** The Paeth predictor (PNG spec 9.4), written here apart from the decoder's. */
function paethPredictor(left: number, up: number, upLeft: number): number {
  const estimate = left + up - upLeft;
  const [toLeft, toUp, toUpLeft] = [Math.abs(estimate - left), Math.abs(estimate - up), Math.abs(estimate - upLeft)];
  if (toLeft <= toUp && toLeft <= toUpLeft) return left;
  return toUp <= toUpLeft ? up : upLeft;
}

/** `row` filtered with `filter` against `previous` (the raw row above in its pass, zeros for the first), filter byte first. */
function filterRow(row: Uint8Array, previous: Uint8Array, filter: number, bytesPerPixel: number): Uint8Array {
  const out = new Uint8Array(row.length + 1);
  out[0] = filter;
  for (let i = 0; i < row.length; i++) {
    const left = i >= bytesPerPixel ? (row[i - bytesPerPixel] ?? 0) : 0;
    const up = previous[i] ?? 0;
    const upLeft = i >= bytesPerPixel ? (previous[i - bytesPerPixel] ?? 0) : 0;
    const predicted = [0, left, up, (left + up) >> 1, paethPredictor(left, up, upLeft)][filter] ?? 0;
    out[i + 1] = ((row[i] ?? 0) - predicted) & 0xff;
  }
  return out;
}

/**
 * Encodes any IHDR variant (every bit depth and colour type, Adam7 or not), by default with filter
 * 0 and stored zlib blocks (the reference encoders do not write most of these); `filters`,
 * `deflate` and `idatChunks` make it use every row filter, real compression and split IDATs.
 */
export function encodeTestPng(options: TestPngOptions): Uint8Array {
  const channels = CHANNELS_BY_COLOR_TYPE[options.colorType];
  const bytesPerPixel = Math.max(1, (channels * options.bitDepth) >> 3);
  const passes = options.interlace === 1 ? ADAM7 : ([[0, 0, 1, 1]] as const);
  const rows: Uint8Array[] = [];
  for (const [x0, y0, dx, dy] of passes) {
    if (x0 >= options.width) continue;
    let previous: Uint8Array | undefined;
    for (let y = y0; y < options.height; y += dy) {
      const samples: number[] = [];
      for (let x = x0; x < options.width; x += dx) {
        for (let c = 0; c < channels; c++) samples.push(options.sample(x, y, c));
      }
      const row = packRow(samples, options.bitDepth);
      const filter = options.filters === 'cycle' ? rows.length % 5 : 0;
      rows.push(filterRow(row, previous ?? new Uint8Array(row.length), filter, bytesPerPixel));
      previous = row;
    }
  }
  const stream = (options.deflate ?? zlibStored)(concatBytes(rows));
  const parts = Math.max(1, options.idatChunks ?? 1);
  const partBytes = Math.ceil(stream.length / parts);
  const chunks = [pngChunk('IHDR', ihdrData(options))];
  if (options.palette) chunks.push(pngChunk('PLTE', Uint8Array.from(options.palette.flat())));
  if (options.transparency) chunks.push(pngChunk('tRNS', options.transparency));
  for (let part = 0; part < parts; part++) chunks.push(pngChunk('IDAT', stream.subarray(part * partBytes, (part + 1) * partBytes)));
  chunks.push(pngChunk('IEND', new Uint8Array(0)));
  return writePng(chunks);
}

/** A PNG whose IHDR declares `header` and whose only IDAT is `idat` (any zlib stream). */
export function pngWithIdat(header: PngHeader, idat: Uint8Array): Uint8Array {
  return writePng([pngChunk('IHDR', ihdrData(header)), pngChunk('IDAT', idat), pngChunk('IEND', new Uint8Array(0))]);
}
