import { unzlibSync, zlibSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { inflateWellFormedPng } from '../../shared/preprocess/inflate-well-formed-png';
import { encodeTestPng, idatStream, ihdrData, pngChunk, writePng, zlibZeroBomb } from '../helpers/png-bytes';
import type { PngHeader } from '../helpers/png-bytes';

// In workerd, `node:zlib` is the runtime's own (C++ zlib, its output grown 40 KiB at a time), not
// Node's. A failure there would only send every PNG to the slower chunk-by-chunk pass, which the
// decoding tests would not notice, so these check that the native call itself answers.

/** A gray or RGB PNG of `width`×`height`, every row filter in turn, deflated by fflate over `idatChunks` IDATs. */
function png(width: number, height: number, colorType: 0 | 2, idatChunks: number): Uint8Array {
  const header: PngHeader = { width, height, bitDepth: 8, colorType, interlace: 0 };
  return encodeTestPng({ ...header, sample: (x, y, c) => (x * 7 + y * 13 + c * 101) % 256, filters: 'cycle', deflate: (rows) => zlibSync(rows), idatChunks });
}

describe('inflateWellFormedPng in workerd', () => {
  it('should inflate with the runtime zlib at sizes on and around its 40 KiB output steps', () => {
    // Inflated bytes = height × (1 + width × channels): 812, 40 KiB, 64 KiB, 80 KiB, 128 KiB, and 300×300 RGB in 8 KiB IDATs.
    const cases: [number, number, 0 | 2, number][] = [
      [28, 28, 0, 1],
      [1023, 40, 0, 1],
      [1023, 64, 0, 3],
      [2047, 40, 0, 2],
      [511, 256, 0, 4],
      [300, 300, 2, 33],
    ];
    for (const [width, height, colorType, idatChunks] of cases) {
      const bytes = png(width, height, colorType, idatChunks);
      const expected = height * (1 + width * (colorType === 2 ? 3 : 1));
      const data = inflateWellFormedPng(bytes, expected);
      expect(data, `${width}×${height}`).toBeDefined();
      expect(data?.scanlines.length).toBe(expected);
      const reference = unzlibSync(idatStream(bytes));
      expect(data?.scanlines.findIndex((byte, i) => byte !== reference[i]), `${width}×${height}: first differing byte`).toBe(-1);
    }
  });

  it('should refuse a decompression bomb and a stream one byte short', () => {
    const header = ihdrData({ width: 28, height: 28, bitDepth: 8, colorType: 0, interlace: 0 });
    const withStream = (stream: Uint8Array) => writePng([pngChunk('IHDR', header), pngChunk('IDAT', stream), pngChunk('IEND', new Uint8Array(0))]);
    expect(inflateWellFormedPng(withStream(zlibZeroBomb(20_000_000)), 812)).toBeUndefined();
    expect(inflateWellFormedPng(withStream(zlibSync(new Uint8Array(811))), 812)).toBeUndefined();
    expect(inflateWellFormedPng(withStream(zlibSync(new Uint8Array(812))), 812)?.scanlines.length).toBe(812);
  });
});
