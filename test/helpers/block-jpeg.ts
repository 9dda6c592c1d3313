// Builds JPEGs whose every 8×8 block is one flat colour, and EXIF-tagged copies of any JPEG.
// Flat blocks keep only the DC coefficient, so turning the block grid turns the decoded pixels
// exactly: the stored-rotated file and the upright file decode to the same pixels once turned.
// Pure TypeScript over Uint8Array (Node and workerd).

/** A grid of flat 8×8 blocks: `blocks[row][column]` is a gray level or an RGB triple. */
export type BlockGrid = readonly (readonly (number | readonly [number, number, number])[])[];

function segment(marker: number, body: readonly number[]): number[] {
  const length = body.length + 2;
  return [0xff, marker, length >> 8, length & 0xff, ...body];
}

/** MSB-first bit writer with JPEG byte stuffing (0xFF is followed by 0x00). */
class BitWriter {
  readonly bytes: number[] = [];
  private current = 0;
  private used = 0;

  write(value: number, bits: number): void {
    for (let bit = bits - 1; bit >= 0; bit--) {
      this.current = (this.current << 1) | ((value >> bit) & 1);
      this.used++;
      if (this.used === 8) this.flushByte();
    }
  }

  finish(): void {
    if (this.used > 0) this.write(0xff, 8 - this.used); // pad with ones
  }

  private flushByte(): void {
    this.bytes.push(this.current);
    if (this.current === 0xff) this.bytes.push(0x00);
    this.current = 0;
    this.used = 0;
  }
}

/** Bits needed for |value| (the JPEG magnitude category). */
function category(value: number): number {
  let magnitude = Math.abs(value);
  let bits = 0;
  while (magnitude > 0) {
    bits++;
    magnitude >>= 1;
  }
  return bits;
}

/** JFIF RGB → YCbCr, each in 0–255. */
function toYCbCr([red, green, blue]: readonly [number, number, number]): [number, number, number] {
  return [
    0.299 * red + 0.587 * green + 0.114 * blue,
    128 - 0.168736 * red - 0.331264 * green + 0.5 * blue,
    128 + 0.5 * red - 0.418688 * green - 0.081312 * blue,
  ];
}

/**
 * A baseline JPEG of flat 8×8 blocks (quantization 1, 1×1 sampling): gray when the grid holds
 * numbers, YCbCr when it holds RGB triples. Width = 8 × columns, height = 8 × rows.
 */
export function encodeBlockJpeg(blocks: BlockGrid): Uint8Array {
  const rows = blocks.length;
  const columns = blocks[0]?.length ?? 0;
  const color = typeof blocks[0]?.[0] !== 'number';
  const components = color ? 3 : 1;
  const ids = Array.from({ length: components }, (_, index) => index + 1);
  const bytes: number[] = [0xff, 0xd8];
  bytes.push(...segment(0xdb, [0x00, ...new Array<number>(64).fill(1)]));
  const height = rows * 8;
  const width = columns * 8;
  bytes.push(...segment(0xc0, [8, height >> 8, height & 0xff, width >> 8, width & 0xff, components, ...ids.flatMap((id) => [id, 0x11, 0])]));
  // DC table: categories 0–11, each a 4-bit code (0000 … 1011). AC table: only end-of-block, code "0".
  const dcBits = [0, 0, 0, 12, ...new Array<number>(12).fill(0)];
  const acBits = [1, ...new Array<number>(15).fill(0)];
  bytes.push(...segment(0xc4, [0x00, ...dcBits, ...Array.from({ length: 12 }, (_, symbol) => symbol), 0x10, ...acBits, 0x00]));
  bytes.push(...segment(0xda, [components, ...ids.flatMap((id) => [id, 0x00]), 0, 63, 0]));
  const writer = new BitWriter();
  const previous = new Array<number>(components).fill(0);
  for (const row of blocks) {
    for (const block of row) {
      const samples = typeof block === 'number' ? [block] : toYCbCr(block);
      samples.forEach((sample, component) => {
        const dc = Math.round(8 * (sample - 128)); // a flat block's DC with quantization 1
        const diff = dc - (previous[component] ?? 0);
        previous[component] = dc;
        const bits = category(diff);
        writer.write(bits, 4);
        if (bits > 0) writer.write(diff > 0 ? diff : diff + (1 << bits) - 1, bits);
        writer.write(0, 1); // end of block
      });
    }
  }
  writer.finish();
  bytes.push(...writer.bytes, 0xff, 0xd9);
  return Uint8Array.from(bytes);
}

/** A TIFF block holding one IFD0 entry: orientation (tag 0x0112, SHORT) = `orientation`. */
export function exifOrientationTiff(orientation: number, byteOrder: 'II' | 'MM' = 'MM'): Uint8Array {
  const little = byteOrder === 'II';
  const tiff = new Uint8Array(8 + 2 + 12 + 4);
  const view = new DataView(tiff.buffer);
  tiff.set(little ? [0x49, 0x49] : [0x4d, 0x4d], 0);
  view.setUint16(2, 42, little);
  view.setUint32(4, 8, little); // IFD0 right after the header
  view.setUint16(8, 1, little); // one entry
  view.setUint16(10, 0x0112, little);
  view.setUint16(12, 3, little); // SHORT
  view.setUint32(14, 1, little); // count
  view.setUint16(18, orientation, little);
  view.setUint32(22, 0, little); // no next IFD
  return tiff;
}

/** `jpeg` with an APP1 `Exif` segment holding `tiff` inserted right after SOI (a copy). */
export function withExifSegment(jpeg: Uint8Array, tiff: Uint8Array): Uint8Array {
  const app1 = Uint8Array.from(segment(0xe1, [0x45, 0x78, 0x69, 0x66, 0x00, 0x00, ...tiff]));
  const out = new Uint8Array(jpeg.length + app1.length);
  out.set(jpeg.subarray(0, 2), 0);
  out.set(app1, 2);
  out.set(jpeg.subarray(2), 2 + app1.length);
  return out;
}

/** Block-grid turns, written out one by one (independent of the code under test). */
const flipLeftRight = <T>(grid: readonly (readonly T[])[]): T[][] => grid.map((row) => [...row].reverse());
const flipTopBottom = <T>(grid: readonly (readonly T[])[]): T[][] => [...grid].reverse().map((row) => [...row]);
const transpose = <T>(grid: readonly (readonly T[])[]): T[][] =>
  (grid[0] ?? []).map((_, column) => grid.map((row) => row[column] as T));
/** Turned 90° clockwise: the left column becomes the top row, read bottom to top. */
const rotateClockwise = <T>(grid: readonly (readonly T[])[]): T[][] => flipLeftRight(transpose(grid));
const rotateCounterClockwise = <T>(grid: readonly (readonly T[])[]): T[][] => flipTopBottom(transpose(grid));

/**
 * How a camera stores `upright` when it tags the file with EXIF `orientation`: the inverse of
 * the turn a viewer applies (orientation 6 = "turn 90° clockwise to view" is stored turned
 * 90° counter-clockwise).
 */
export function storedForOrientation<T>(upright: readonly (readonly T[])[], orientation: number): T[][] {
  switch (orientation) {
    case 1: return upright.map((row) => [...row]);
    case 2: return flipLeftRight(upright);
    case 3: return flipTopBottom(flipLeftRight(upright));
    case 4: return flipTopBottom(upright);
    case 5: return transpose(upright);
    case 6: return rotateCounterClockwise(upright);
    case 7: return flipTopBottom(flipLeftRight(transpose(upright)));
    case 8: return rotateClockwise(upright);
    default: throw new RangeError(`EXIF orientation must be 1–8, got ${orientation}`);
  }
}

/** A 3-row × 5-column grid of distinct colours, so every turn and mirror gives another image. */
export const UPRIGHT_COLOR_BLOCKS: readonly (readonly [number, number, number])[][] = Array.from({ length: 3 }, (_, row) =>
  Array.from({ length: 5 }, (_, column) => [40 + 40 * column, 30 + 90 * row, (60 * row + 110 * column) % 256] as const),
);

/** The eight EXIF-tagged JPEGs of `upright` (index 0 = orientation 1), each stored as a camera would. */
export function orientedJpegs(upright: BlockGrid, byteOrder: 'II' | 'MM' = 'MM'): Uint8Array[] {
  return [1, 2, 3, 4, 5, 6, 7, 8].map((orientation) =>
    withExifSegment(encodeBlockJpeg(storedForOrientation(upright, orientation)), exifOrientationTiff(orientation, byteOrder)),
  );
}
