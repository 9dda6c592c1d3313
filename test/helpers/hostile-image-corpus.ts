// Hand-made hostile and unusual images with the outcome `decodeImage` must give for each, shared by
// the decoder, folder-loader and worker tests. Pure TypeScript over Uint8Array (Node and workerd).
import { encodeFlatJpeg, forgeJpegSize } from './jpeg-bytes';
import { encodeTestPng, ihdrData, pngChunk, pngWithIdat, readPngChunks, writePng, zlibStored, zlibZeroBomb } from './png-bytes';
import type { PngHeader } from './png-bytes';

/** What decoding must do: give pixels of the header size, or throw `ImageError` with this code. */
export type HostileOutcome = 'decoded' | 'image_too_large' | 'invalid_image' | 'unsupported_media_type';

export interface HostileImage {
  name: string;
  format: 'png' | 'jpeg';
  bytes: Uint8Array;
  /** Holds for any pixel limit from 4 MP (the worker's) to 16 MP (`DEFAULT_MAX_PIXELS`). */
  outcome: HostileOutcome;
}

const gradient = (x: number, y: number, channel: number) => (x * 7 + y * 13 + channel * 50) % 256;

/**
 * Valid PNGs in the layouts fast-png must handle beyond 8-bit gray: RGB, RGBA, gray + alpha at
 * 16 bits, sub-byte gray, palettes with and without tRNS, a colour key, Adam7 interlacing.
 */
export function pngVariantSeeds(): Uint8Array[] {
  const base = { width: 13, height: 9, interlace: 0 } as const;
  const palette = Array.from({ length: 16 }, (_, index) => [index * 16, 255 - index * 16, index * 8] as const);
  return [
    encodeTestPng({ ...base, bitDepth: 8, colorType: 2, sample: gradient }),
    encodeTestPng({ ...base, bitDepth: 8, colorType: 6, interlace: 1, sample: gradient }),
    encodeTestPng({ ...base, bitDepth: 16, colorType: 4, sample: (x, y, c) => gradient(x, y, c) * 257 }),
    encodeTestPng({ ...base, bitDepth: 16, colorType: 6, interlace: 1, sample: (x, y, c) => gradient(x, y, c) * 251 }),
    encodeTestPng({ ...base, bitDepth: 1, colorType: 0, sample: (x, y) => (x + y) % 2 }),
    encodeTestPng({ ...base, bitDepth: 4, colorType: 3, palette, sample: (x, y) => (x + y) % 16 }),
    encodeTestPng({ ...base, bitDepth: 8, colorType: 3, palette, transparency: Uint8Array.of(0, 128, 255), sample: (x) => x % 16 }),
    encodeTestPng({ ...base, bitDepth: 8, colorType: 2, transparency: Uint8Array.of(0, 0, 0, 50, 0, 100), sample: gradient }),
  ];
}

/** Valid JPEGs jpeg-js reads that the fixtures do not cover: progressive, gray, CMYK/YCCK (Adobe). */
export function jpegVariantSeeds(): Uint8Array[] {
  const base = { width: 21, height: 13 } as const;
  return [
    encodeFlatJpeg({ ...base, components: 1 }),
    encodeFlatJpeg({ ...base, components: 1, progressive: true }),
    encodeFlatJpeg({ ...base, components: 3, progressive: true }),
    encodeFlatJpeg({ ...base, components: 4, adobeTransform: 0 }),
    encodeFlatJpeg({ ...base, components: 4, adobeTransform: 2, progressive: true }),
  ];
}

const gray8 = (width: number, height: number): PngHeader => ({ width, height, bitDepth: 8, colorType: 0, interlace: 0 });
const END = pngChunk('IEND', new Uint8Array(0));
const MB = 2 ** 20;

/** `png` with its IHDR CRC (or, with `type`, that chunk's) off by one. */
function breakCrc(png: Uint8Array, type = 'IHDR'): Uint8Array {
  return writePng(readPngChunks(png).map((chunk) => (chunk.type === type ? { ...chunk, crc: (chunk.crc + 1) >>> 0 } : chunk)));
}

/**
 * Decompression bombs, forged sizes and exotic variants, built around `png`/`jpeg` (a valid
 * 28×28 file of each format), each with the one outcome it must have.
 */
export function hostileImages(png: Uint8Array, jpeg: Uint8Array): HostileImage[] {
  const huge1Bit: PngHeader = { width: 20_000, height: 20_000, bitDepth: 1, colorType: 0, interlace: 0 };
  const iccp = new Uint8Array([0x69, 0x63, 0x63, 0, 0, ...zlibZeroBomb(64 * MB)]); // "icc", NUL, deflate
  const pngCases: [string, Uint8Array, HostileOutcome][] = [
    ['png 20000×20000, tiny valid zlib body', pngWithIdat(gray8(20_000, 20_000), zlibStored(new Uint8Array(20_001))), 'image_too_large'],
    ['png 20000×20000 1-bit, 50 MB zero bomb', pngWithIdat(huge1Bit, zlibZeroBomb(20_000 * 2_501)), 'image_too_large'],
    ['png 2^31−1 × 1', pngWithIdat(gray8(2 ** 31 - 1, 1), zlibStored(new Uint8Array(8))), 'image_too_large'],
    ['png 2^31 × 1 (over the 31-bit limit)', pngWithIdat(gray8(2 ** 31, 1), zlibStored(new Uint8Array(8))), 'invalid_image'],
    ['png 0 × 28', pngWithIdat(gray8(0, 28), zlibStored(new Uint8Array(28))), 'invalid_image'],
    ['png 28 × 0', pngWithIdat(gray8(28, 0), zlibStored(new Uint8Array(0))), 'invalid_image'],
    [
      'png 1×1 IHDR, then a second 20000×20000 IHDR and a bomb',
      writePng([pngChunk('IHDR', ihdrData(gray8(1, 1))), pngChunk('IHDR', ihdrData(huge1Bit)), pngChunk('IDAT', zlibZeroBomb(20_000 * 2_501)), END]),
      'invalid_image',
    ],
    ['png 28×28 whose IDAT inflates to 64 MB', pngWithIdat(gray8(28, 28), zlibZeroBomb(64 * MB)), 'invalid_image'],
    ['png with a 64 MB iCCP bomb', writePng(readPngChunks(png).flatMap((chunk) => (chunk.type === 'IHDR' ? [chunk, pngChunk('iCCP', iccp)] : [chunk]))), 'decoded'],
    ['png with a wrong IHDR CRC', breakCrc(png), 'invalid_image'],
    ['png with a wrong IDAT CRC', breakCrc(png, 'IDAT'), 'invalid_image'],
    ['png with a wrong IEND CRC', breakCrc(png, 'IEND'), 'invalid_image'],
    ['png 2-bit interlaced', encodeTestPng({ width: 9, height: 9, bitDepth: 2, colorType: 0, interlace: 1, sample: (x) => x % 4 }), 'unsupported_media_type'],
    ['png signature only', png.slice(0, 8), 'invalid_image'],
  ];
  const jpegCases: [string, Uint8Array, HostileOutcome][] = [
    ['jpeg SOF 30000×30000', forgeJpegSize(jpeg, 30_000, 30_000), 'image_too_large'],
    ['jpeg SOF 65535×65535, flat body', forgeJpegSize(encodeFlatJpeg({ width: 8, height: 8, components: 1 }), 65_535, 65_535), 'image_too_large'],
    ['jpeg SOF height 0 (DNL)', forgeJpegSize(jpeg, 28, 0), 'invalid_image'],
    ['jpeg SOF width 0', forgeJpegSize(jpeg, 0, 28), 'invalid_image'],
    ['jpeg SOF 28×2000, 28×28 body', forgeJpegSize(jpeg, 28, 2_000), 'invalid_image'],
    ['jpeg progressive (SOF2) gray', encodeFlatJpeg({ width: 30, height: 17, components: 1, progressive: true }), 'decoded'],
    ['jpeg progressive (SOF2) YCbCr', encodeFlatJpeg({ width: 30, height: 17, components: 3, progressive: true }), 'decoded'],
    ['jpeg CMYK with Adobe APP14', encodeFlatJpeg({ width: 30, height: 17, components: 4, adobeTransform: 0 }), 'decoded'],
    ['jpeg CMYK without Adobe APP14', encodeFlatJpeg({ width: 30, height: 17, components: 4 }), 'invalid_image'],
    ['jpeg with 2 components', encodeFlatJpeg({ width: 30, height: 17, components: 2 }), 'invalid_image'],
    ['jpeg lossless (SOF3)', encodeFlatJpeg({ width: 30, height: 17, components: 1, frameMarker: 0xc3 }), 'invalid_image'],
    ['jpeg SOI only', jpeg.slice(0, 3), 'invalid_image'],
  ];
  const named = (format: HostileImage['format'], cases: [string, Uint8Array, HostileOutcome][]): HostileImage[] =>
    cases.map(([name, bytes, outcome]) => ({ name, format, bytes, outcome }));
  return [...named('png', pngCases), ...named('jpeg', jpegCases)];
}
