import { decode as fastPngDecode } from 'fast-png';
import { zlibSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { decodePng } from '../../../shared/preprocess/decode-png';
import { inflatePng } from '../../../shared/preprocess/inflate-png';
import { pngLayout } from '../../../shared/preprocess/png-layout';
import { unfilterPng } from '../../../shared/preprocess/unfilter-png';
import { pngChunk } from './png-chunk';

// An encoder written here from the PNG spec, independent of the decoder under test: samples are
// packed at the bit depth, put in Adam7 passes, and each row gets one of the five filters (row by
// row, so every filter follows every other), then deflated by fflate and split over two IDATs.

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };

/** A seeded linear congruential generator: the same "random" samples on every run. */
function samplesOf(count: number, maxSample: number, seed: number): number[] {
  let state = seed >>> 0;
  return Array.from({ length: count }, () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state % (maxSample + 1);
  });
}

function paethPredictor(left: number, up: number, upLeft: number): number {
  const p = left + up - upLeft;
  const [pa, pb, pc] = [Math.abs(p - left), Math.abs(p - up), Math.abs(p - upLeft)];
  if (pa <= pb && pa <= pc) return left;
  return pb <= pc ? up : upLeft;
}

/** One packed row: `samples` at `depth` bits, MSB first, big-endian at 16 bits. */
function packRow(samples: readonly number[], depth: number): Uint8Array {
  const row = new Uint8Array(Math.ceil((samples.length * depth) / 8));
  samples.forEach((sample, i) => {
    if (depth === 16) row.set([sample >> 8, sample & 0xff], i * 2);
    else if (depth === 8) row[i] = sample;
    else row[(i * depth) >> 3] = (row[(i * depth) >> 3] ?? 0) | (sample << (8 - depth - ((i * depth) & 7)));
  });
  return row;
}

/** Filters `row` with `filter` against `previous` (the raw row above, zeros for the first). */
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

interface Case {
  width: number;
  height: number;
  depth: number;
  colorType: number;
  interlaced: boolean;
}

/** A PNG of `samples` (one per channel per pixel, row-major), and for indexed images a palette of 2^depth entries with tRNS. */
function encodeTestPng({ width, height, depth, colorType, interlaced }: Case, samples: readonly number[], palette?: Uint8Array, trns?: Uint8Array): Uint8Array {
  const channels = CHANNELS[colorType] ?? 1;
  const bytesPerPixel = Math.max(1, (channels * depth) >> 3);
  const rows: Uint8Array[] = [];
  let rowIndex = 0;
  for (const pass of pngLayout(width, height, channels * depth, interlaced).passes) {
    let previous: Uint8Array = new Uint8Array(pass.rowBytes);
    for (let y = 0; y < pass.rows; y++) {
      const rowSamples: number[] = [];
      for (let x = 0; x < pass.width; x++) {
        const pixel = (pass.y0 + y * pass.dy) * width + pass.x0 + x * pass.dx;
        rowSamples.push(...samples.slice(pixel * channels, (pixel + 1) * channels));
      }
      const row = packRow(rowSamples, depth);
      rows.push(filterRow(row, previous, rowIndex++ % 5, bytesPerPixel));
      previous = row;
    }
  }
  const scanlines = new Uint8Array(rows.reduce((total, row) => total + row.length, 0));
  rows.reduce((offset, row) => (scanlines.set(row, offset), offset + row.length), 0);
  const compressed = zlibSync(scanlines);
  const ihdr = new Uint8Array(13);
  new DataView(ihdr.buffer).setUint32(0, width);
  new DataView(ihdr.buffer).setUint32(4, height);
  ihdr.set([depth, colorType, 0, 0, interlaced ? 1 : 0], 8);
  const half = compressed.length >> 1;
  const chunks = [
    pngChunk('IHDR', ihdr),
    ...(palette ? [pngChunk('PLTE', palette)] : []),
    ...(trns ? [pngChunk('tRNS', trns)] : []),
    pngChunk('IDAT', compressed.subarray(0, half)),
    pngChunk('IDAT', compressed.subarray(half)),
    pngChunk('IEND', new Uint8Array(0)),
  ];
  const out = new Uint8Array(8 + chunks.reduce((total, chunk) => total + chunk.length, 0));
  out.set(SIGNATURE);
  chunks.reduce((offset, chunk) => (out.set(chunk, offset), offset + chunk.length), 8);
  return out;
}

const COMBINATIONS: [colorType: number, depths: number[]][] = [
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
const CASES: Case[] = COMBINATIONS.flatMap(([colorType, depths]) =>
  depths.flatMap((depth) => SIZES.flatMap(([width, height]) => [false, ...(depth >= 8 ? [true] : [])].map((interlaced) => ({ width, height, depth, colorType, interlaced })))),
);

const label = ({ width, height, depth, colorType, interlaced }: Case) => `colour type ${colorType}, ${depth}-bit, ${width}×${height}${interlaced ? ', Adam7' : ''}`;

describe('unfilterPng and decodePng', () => {
  it.each(CASES.map((testCase) => [label(testCase), testCase] as const))('should decode %s to the encoded samples', (_, testCase) => {
    const { width, height, depth, colorType } = testCase;
    const channels = CHANNELS[colorType] ?? 1;
    const maxSample = 2 ** depth - 1;
    const samples = samplesOf(width * height * channels, maxSample, width * 131 + depth * 7 + colorType);
    if (colorType === 3) {
      const entries = 2 ** depth;
      const palette = Uint8Array.from({ length: entries * 3 }, (_, i) => (i * 37 + 11) & 0xff);
      const trns = Uint8Array.from({ length: Math.max(1, entries >> 1) }, (_, i) => (i * 53) & 0xff); // the rest opaque
      const image = decodePng(encodeTestPng(testCase, samples, palette, trns));
      const expected = samples.flatMap((index) => [palette[index * 3], palette[index * 3 + 1], palette[index * 3 + 2], index < trns.length ? trns[index] : 255]);
      expect(image).toMatchObject({ width, height, channels: 4 });
      expect(Array.from(image.data)).toEqual(expected);
      return;
    }
    const png = encodeTestPng(testCase, samples);
    const image = decodePng(png);
    expect(image).toMatchObject({ width, height, channels });
    expect(Array.from(image.data)).toEqual(samples.map((sample) => Math.round((sample * 255) / maxSample)));
    if (depth >= 8) {
      // A second oracle: fast-png's own decoder gives the same samples from the same bytes.
      expect(Array.from(unfilterPng(inflatePng(png)))).toEqual(Array.from(fastPngDecode(png).data));
    }
  });

  it('should refuse an image whose data inflates past its header, without inflating all of it', () => {
    const testCase = { width: 4, height: 4, depth: 8, colorType: 0, interlaced: false };
    const bigger = encodeTestPng({ ...testCase, height: 4000 }, samplesOf(4 * 4000, 255, 1));
    // The same stream under a 4×4 header: 20 bytes allowed, 20,000 in the stream.
    const forged = bigger.slice();
    new DataView(forged.buffer).setUint32(20, 4);
    const ihdrCrc = pngChunk('IHDR', forged.subarray(16, 29));
    forged.set(ihdrCrc.subarray(21, 25), 29);
    expect(() => decodePng(forged)).toThrow('PNG is corrupt: its image data inflates to more than the 20 bytes its 4×4 header allows');
  });
});
