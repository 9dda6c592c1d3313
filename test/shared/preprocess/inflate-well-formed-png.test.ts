import fc from 'fast-check';
import { unzlibSync, zlibSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { ImageError } from '../../../shared/preprocess/image-error';
import { inflatePng, inflatePngChunkByChunk } from '../../../shared/preprocess/inflate-png';
import { inflateWellFormedPng } from '../../../shared/preprocess/inflate-well-formed-png';
import { readImageHeader } from '../../../shared/preprocess/read-image-header';
import { mutatedImage } from '../../helpers/mutate-image';
import { encodeTestPng, idatStream, ihdrData, pngChunk, writePng, zlibZeroBomb } from '../../helpers/png-bytes';
import type { PngChunk, PngHeader } from '../../helpers/png-bytes';
import { readFixture } from './read-fixture';

const GRAY_28: PngHeader = { width: 28, height: 28, bitDepth: 8, colorType: 0, interlace: 0 };
/** Inflated bytes of a 28×28 8-bit gray image: 28 rows of a filter byte and 28 samples. */
const GRAY_28_BYTES = 28 * 29;

/** A seeded 28×28 gray PNG, every row filter in turn, deflated by fflate over `idatChunks` IDATs. */
function grayPng(idatChunks = 1): Uint8Array {
  return encodeTestPng({ ...GRAY_28, sample: (x, y) => (x * 37 + y * 11) % 256, filters: 'cycle', deflate: (rows) => zlibSync(rows), idatChunks });
}

/** A 28×28 gray PNG from chunks between IHDR and IEND. */
function pngOf(middle: PngChunk[], header: PngHeader = GRAY_28): Uint8Array {
  return writePng([pngChunk('IHDR', ihdrData(header)), ...middle, pngChunk('IEND', new Uint8Array(0))]);
}

describe('inflateWellFormedPng', () => {
  it('should inflate a well-formed PNG to exactly the bytes its zlib stream holds, as a plain Uint8Array', () => {
    const png = grayPng();
    const data = inflateWellFormedPng(png, GRAY_28_BYTES);
    expect(data).toBeDefined();
    expect(Array.from(data?.scanlines ?? [])).toEqual(Array.from(unzlibSync(idatStream(png))));
    // Not a Node Buffer, whose slice() would alias instead of copying.
    expect(Object.getPrototypeOf(data?.scanlines)).toBe(Uint8Array.prototype);
    expect(data?.palette).toBeUndefined();
  });

  it('should join a stream split over many IDATs, even inside its 2-byte zlib header', () => {
    const stream = idatStream(grayPng());
    const split = pngOf([stream.subarray(0, 1), stream.subarray(1, 5), stream.subarray(5, 5), stream.subarray(5)].map((part) => pngChunk('IDAT', part)));
    expect(Array.from(inflateWellFormedPng(split, GRAY_28_BYTES)?.scanlines ?? [])).toEqual(Array.from(unzlibSync(stream)));
    expect(Array.from(inflateWellFormedPng(grayPng(9), GRAY_28_BYTES)?.scanlines ?? [])).toEqual(Array.from(unzlibSync(stream)));
  });

  it('should ignore the Adler-32 trailer and data after the stream ends, as the chunk-by-chunk pass does', () => {
    const stream = idatStream(grayPng()).slice();
    stream[stream.length - 1] = (stream[stream.length - 1] ?? 0) ^ 0xff;
    const png = pngOf([pngChunk('IDAT', stream), pngChunk('IDAT', Uint8Array.from([1, 2, 3, 4]))]);
    expect(inflateWellFormedPng(png, GRAY_28_BYTES)).toBeDefined();
    expect(inflatePngChunkByChunk(png).scanlines.length).toBe(GRAY_28_BYTES);
  });

  it('should keep the last PLTE and tRNS chunks, and ignore the chunks after IEND', () => {
    const stream = idatStream(grayPng());
    const png = writePng([
      pngChunk('IHDR', ihdrData(GRAY_28)),
      pngChunk('tRNS', Uint8Array.from([0, 1])),
      pngChunk('tRNS', Uint8Array.from([0, 2])),
      pngChunk('IDAT', stream),
      pngChunk('IEND', new Uint8Array(0)),
      pngChunk('IDAT', Uint8Array.from([9, 9, 9])),
    ]);
    const data = inflateWellFormedPng(png, GRAY_28_BYTES);
    expect(Array.from(data?.transparency ?? [])).toEqual([0, 2]);
    expect(Array.from(data?.scanlines ?? [])).toEqual(Array.from(inflatePngChunkByChunk(png).scanlines));
  });

  it('should answer undefined for every fault, and leave the naming to the chunk-by-chunk pass', () => {
    const png = grayPng();
    const stream = idatStream(png);
    const withBadCrc = png.slice();
    withBadCrc[50] = (withBadCrc[50] ?? 0) ^ 1;
    const deflatedShort = zlibSync(unzlibSync(stream).subarray(0, GRAY_28_BYTES - 29));
    const corrupt = stream.slice();
    corrupt[2] = 0xff; // BTYPE 11: a reserved block type
    const faulty: Record<string, Uint8Array> = {
      'a bad CRC': withBadCrc,
      'a truncated file': png.subarray(0, png.length - 20),
      'no IEND': png.subarray(0, png.length - 12),
      'a second IHDR': pngOf([pngChunk('IHDR', ihdrData(GRAY_28)), pngChunk('IDAT', stream)]),
      'no IDAT': pngOf([]),
      'a preset-dictionary zlib header': pngOf([pngChunk('IDAT', Uint8Array.from([0x78, 0xbb, ...stream.subarray(2)]))]),
      'a truncated stream': pngOf([pngChunk('IDAT', stream.subarray(0, stream.length - 30))]),
      'a corrupt stream': pngOf([pngChunk('IDAT', corrupt)]),
      'a stream one row short': pngOf([pngChunk('IDAT', deflatedShort)]),
      'a decompression bomb': pngOf([pngChunk('IDAT', zlibZeroBomb(50_000_000))]),
    };
    for (const [name, bytes] of Object.entries(faulty)) {
      expect(inflateWellFormedPng(bytes, GRAY_28_BYTES), name).toBeUndefined();
      expect(() => inflatePng(bytes), name).toThrow(ImageError);
    }
  });

  it('should agree with the chunk-by-chunk pass on every mutation of real and hand-made PNGs', () => {
    const seeds = [readFixture('digits/mnist-test-0-label-7.png'), ...['gray16-2x2.png', 'interlaced-mnist-test-0.png', 'palette-2bit-3x2.png', 'rgba-2x2.png'].map((name) => readFixture(`odd/${name}`)), grayPng(), grayPng(5)];
    let wellFormed = 0;
    fc.assert(
      fc.property(mutatedImage('png', seeds), ({ bytes }) => {
        // Only files the header reader accepts as PNG (and not too large to inflate here) reach the inflater.
        let header: ReturnType<typeof readImageHeader>;
        try {
          header = readImageHeader(bytes);
        } catch {
          return;
        }
        if (header.format !== 'png' || header.width * header.height > 4_000_000) return;
        let reference: ReturnType<typeof inflatePngChunkByChunk> | ImageError;
        try {
          reference = inflatePngChunkByChunk(bytes);
        } catch (error) {
          if (!(error instanceof ImageError)) throw error;
          reference = error;
        }
        const expected = reference instanceof ImageError ? undefined : reference.layout.expectedBytes;
        const data = expected === undefined ? undefined : inflateWellFormedPng(bytes, expected);
        if (reference instanceof ImageError) {
          // A fault the fast path missed could only be a row filter type, which inflatePng checks after it.
          expect(() => inflatePng(bytes)).toThrow(reference.message);
          return;
        }
        wellFormed++;
        expect(data).toBeDefined();
        expect(Array.from(data?.scanlines ?? [])).toEqual(Array.from(reference.scanlines));
        expect(Array.from(data?.palette ?? [])).toEqual(Array.from(reference.palette ?? []));
        expect(Array.from(data?.transparency ?? [])).toEqual(Array.from(reference.transparency ?? []));
      }),
      { numRuns: 400, seed: 2_028 },
    );
    // Some mutations leave the file well-formed (a flipped bit in an ancillary chunk whose CRC is repaired, …).
    expect(wellFormed).toBeGreaterThan(10);
  });
});
