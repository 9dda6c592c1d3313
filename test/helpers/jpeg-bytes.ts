// Builds and edits JPEG files byte by byte, for hostile-input tests. Pure TypeScript over
// Uint8Array, so it runs in Node and in workerd alike.

/** Options of `encodeFlatJpeg`. */
export interface FlatJpegOptions {
  width: number;
  height: number;
  /** 1 gray, 3 YCbCr, 4 CMYK (or YCCK with an Adobe transform of 2); 2 is legal but unusual. */
  components: 1 | 2 | 3 | 4;
  /** SOF2 with a DC scan and one AC scan per component, instead of one baseline SOF0 scan. */
  progressive?: boolean;
  /** Writes an Adobe APP14 segment with this colour transform (0 none, 1 YCbCr, 2 YCCK). */
  adobeTransform?: 0 | 1 | 2;
  /** Frame marker byte to write instead (e.g. 0xC3 lossless), keeping the baseline body. */
  frameMarker?: number;
  /** Sample precision in the frame header (8 unless forged). */
  precision?: number;
}

function segment(marker: number, body: readonly number[]): number[] {
  const length = body.length + 2;
  return [0xff, marker, length >> 8, length & 0xff, ...body];
}

/** Appends entropy-coded data: `zeros` zero bits padded with ones to a byte (never an 0xFF byte). */
function appendZeroBits(bytes: number[], zeros: number): void {
  for (let i = 0; i < Math.floor(zeros / 8); i++) bytes.push(0);
  const padding = (8 - (zeros % 8)) % 8;
  if (padding > 0) bytes.push((1 << padding) - 1);
}

/**
 * A JPEG of flat mid-gray (every DC and AC coefficient 0, so every decoded sample is 128) in any
 * layout the reference encoders do not write: progressive, CMYK, 2 components, forged markers.
 * Each component is sampled 1×1 with quantization table 0 and one-symbol Huffman tables, so the
 * entropy-coded data is one 0 bit per coded symbol.
 */
export function encodeFlatJpeg(options: FlatJpegOptions): Uint8Array {
  const { width, height, components } = options;
  const blocks = Math.ceil(width / 8) * Math.ceil(height / 8);
  const ids = Array.from({ length: components }, (_, index) => index + 1);
  const bytes: number[] = [0xff, 0xd8];
  if (options.adobeTransform !== undefined) {
    bytes.push(...segment(0xee, [0x41, 0x64, 0x6f, 0x62, 0x65, 0x00, 0x64, 0, 0, 0, 0, options.adobeTransform]));
  }
  bytes.push(...segment(0xdb, [0x00, ...new Array<number>(64).fill(1)]));
  const frameMarker = options.frameMarker ?? (options.progressive ? 0xc2 : 0xc0);
  bytes.push(
    ...segment(frameMarker, [options.precision ?? 8, height >> 8, height & 0xff, width >> 8, width & 0xff, components, ...ids.flatMap((id) => [id, 0x11, 0])]),
  );
  // One code of length 1 per table: DC symbol 0 (difference 0), AC symbol 0x00 (end of block).
  const oneSymbol = [1, ...new Array<number>(15).fill(0), 0x00];
  bytes.push(...segment(0xc4, [0x00, ...oneSymbol, 0x10, ...oneSymbol]));
  if (options.progressive) {
    // DC first scan of all components (Ss 0, Se 0), then an AC scan (Ss 1, Se 63) per component.
    bytes.push(...segment(0xda, [components, ...ids.flatMap((id) => [id, 0x00]), 0, 0, 0]));
    appendZeroBits(bytes, blocks * components);
    for (const id of ids) {
      bytes.push(...segment(0xda, [1, id, 0x00, 1, 63, 0]));
      appendZeroBits(bytes, blocks);
    }
  } else {
    // Interleaved: per MCU, each component's block is a DC code and an end-of-block code.
    bytes.push(...segment(0xda, [components, ...ids.flatMap((id) => [id, 0x00]), 0, 63, 0]));
    appendZeroBits(bytes, blocks * components * 2);
  }
  bytes.push(0xff, 0xd9);
  return Uint8Array.from(bytes);
}

/** Offset of the first frame header's length field (after its FFCn marker), or -1. */
export function findFrameHeader(jpeg: Uint8Array): number {
  let offset = 2;
  while (offset + 4 <= jpeg.length && jpeg[offset] === 0xff) {
    const marker = jpeg[offset + 1] ?? 0;
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) return offset + 2;
    if (marker === 0xda) return -1;
    offset += 2 + (((jpeg[offset + 2] ?? 0) << 8) | (jpeg[offset + 3] ?? 0));
  }
  return -1;
}

/** `jpeg` with its frame header's lines/samples per line replaced (a copy; throws without one). */
export function forgeJpegSize(jpeg: Uint8Array, width: number, height: number): Uint8Array {
  const frame = findFrameHeader(jpeg);
  if (frame < 0) throw new Error('JPEG has no frame header before its first scan');
  const out = jpeg.slice();
  out.set([(height >> 8) & 0xff, height & 0xff, (width >> 8) & 0xff, width & 0xff], frame + 3);
  return out;
}
