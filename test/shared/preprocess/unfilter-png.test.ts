import { decode as fastPngDecode } from 'fast-png';
import { zlibSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { decodePng } from '../../../shared/preprocess/decode-png';
import { inflatePng } from '../../../shared/preprocess/inflate-png';
import { unfilterPng } from '../../../shared/preprocess/unfilter-png';
import { encodeTestPng } from '../../helpers/png-bytes';
import type { PngHeader } from '../../helpers/png-bytes';

// The test helper's encoder (written from the PNG spec, apart from the decoder under test) with
// every row filter in turn, real deflate (fflate) and the stream split over two IDATs.

const CHANNELS: Record<PngHeader['colorType'], number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };

/** A seeded linear congruential generator: the same "random" samples on every run. */
function samplesOf(count: number, maxSample: number, seed: number): number[] {
  let state = seed >>> 0;
  return Array.from({ length: count }, () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state % (maxSample + 1);
  });
}

/** `samples` (one per channel per pixel, row-major) as a PNG with every filter, compressed, in two IDATs. */
function encode(header: PngHeader, samples: readonly number[], extra: { palette?: [number, number, number][]; transparency?: Uint8Array } = {}): Uint8Array {
  const channels = CHANNELS[header.colorType];
  return encodeTestPng({
    ...header,
    ...extra,
    sample: (x, y, c) => samples[(y * header.width + x) * channels + c] ?? 0,
    filters: 'cycle',
    deflate: (scanlines) => zlibSync(scanlines),
    idatChunks: 2,
  });
}

const COMBINATIONS: [colorType: PngHeader['colorType'], depths: PngHeader['bitDepth'][]][] = [
  [0, [1, 2, 4, 8, 16]],
  [2, [8, 16]],
  [3, [1, 2, 4, 8]],
  [4, [8, 16]],
  [6, [8, 16]],
];
const SIZES: [number, number][] = [
  [1, 1],
  [13, 7],
  [9, 17],
];
const CASES: PngHeader[] = COMBINATIONS.flatMap(([colorType, depths]) =>
  depths.flatMap((bitDepth) =>
    SIZES.flatMap(([width, height]) => (bitDepth >= 8 ? ([0, 1] as const) : ([0] as const)).map((interlace): PngHeader => ({ width, height, bitDepth, colorType, interlace }))),
  ),
);

const label = ({ width, height, bitDepth, colorType, interlace }: PngHeader) => `colour type ${colorType}, ${bitDepth}-bit, ${width}×${height}${interlace === 1 ? ', Adam7' : ''}`;

describe('unfilterPng and decodePng', () => {
  it.each(CASES.map((header) => [label(header), header] as const))('should decode %s to the encoded samples', (_, header) => {
    const { width, height, bitDepth, colorType } = header;
    const channels = CHANNELS[colorType];
    const maxSample = 2 ** bitDepth - 1;
    const samples = samplesOf(width * height * channels, maxSample, width * 131 + bitDepth * 7 + colorType);
    if (colorType === 3) {
      const palette = Array.from({ length: 2 ** bitDepth }, (_, i): [number, number, number] => [(i * 111 + 11) & 0xff, (i * 111 + 48) & 0xff, (i * 111 + 85) & 0xff]);
      const transparency = Uint8Array.from({ length: Math.max(1, palette.length >> 1) }, (_, i) => (i * 53) & 0xff); // the rest opaque
      const image = decodePng(encode(header, samples, { palette, transparency }));
      const expected = samples.flatMap((index) => [...(palette[index] ?? []), index < transparency.length ? transparency[index] : 255]);
      expect(image).toMatchObject({ width, height, channels: 4 });
      expect(Array.from(image.data)).toEqual(expected);
      return;
    }
    const png = encode(header, samples);
    const image = decodePng(png);
    expect(image).toMatchObject({ width, height, channels });
    expect(Array.from(image.data)).toEqual(samples.map((sample) => Math.round((sample * 255) / maxSample)));
    if (bitDepth >= 8) {
      // A second oracle: fast-png's own decoder gives the same samples from the same bytes.
      expect(Array.from(unfilterPng(inflatePng(png)))).toEqual(Array.from(fastPngDecode(png).data));
    }
  });

  it('should refuse an image whose data inflates past its header, without inflating all of it', () => {
    const tall = encode({ width: 4, height: 4000, bitDepth: 8, colorType: 0, interlace: 0 }, samplesOf(4 * 4000, 255, 1));
    // The same stream under a 4×4 header: 20 bytes allowed, 20,000 in the stream (IHDR's CRC redone).
    const forged = encodeTestPng({ width: 4, height: 4, bitDepth: 8, colorType: 0, interlace: 0, sample: () => 0 });
    const ihdr = forged.subarray(0, 33);
    const png = new Uint8Array([...ihdr, ...tall.subarray(33)]);
    expect(() => decodePng(png)).toThrow('PNG is corrupt: its image data inflates to more than the 20 bytes its 4×4 header allows');
  });
});
