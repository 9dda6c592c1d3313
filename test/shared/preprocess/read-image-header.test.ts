import { describe, expect, it } from 'vitest';
import { ImageError } from '../../../shared/preprocess/image-error';
import { readImageHeader } from '../../../shared/preprocess/read-image-header';
import { readFixture, thrownBy } from './read-fixture';

/** FF D8, then the given segments, each `[marker, ...payload]` with its length field filled in. */
function jpegWith(segments: number[][]): Uint8Array {
  const bytes = [0xff, 0xd8];
  for (const [marker = 0, ...payload] of segments) {
    const length = payload.length + 2;
    bytes.push(0xff, marker, length >> 8, length & 0xff, ...payload);
  }
  return Uint8Array.from(bytes);
}

/** SOFn payload: precision 8, height, width, 1 component (id 1, sampling 1×1, table 0). */
function frame(height: number, width: number): number[] {
  return [8, height >> 8, height & 0xff, width >> 8, width & 0xff, 1, 1, 0x11, 0];
}

function codeOf(action: () => unknown): string {
  const error = thrownBy(action);
  expect(error).toBeInstanceOf(ImageError);
  return (error as ImageError).code;
}

describe('readImageHeader', () => {
  it('should read format and size from a PNG IHDR', () => {
    expect(readImageHeader(readFixture('digits/mnist-test-0-label-7.png'))).toEqual({ format: 'png', width: 28, height: 28 });
    expect(readImageHeader(readFixture('odd/palette-2bit-3x2.png'))).toEqual({ format: 'png', width: 3, height: 2 });
  });

  it('should read the declared size of a forged PNG without looking past the IHDR', () => {
    const bytes = readFixture('odd/forged-huge-100000x100000.png');
    expect(readImageHeader(bytes)).toEqual({ format: 'png', width: 100_000, height: 100_000 });
    expect(readImageHeader(bytes.subarray(0, 24))).toEqual({ format: 'png', width: 100_000, height: 100_000 });
  });

  it('should read the size from a baseline JPEG written by jpeg-js', () => {
    expect(readImageHeader(readFixture('digits/mnist-test-3-label-0.jpg'))).toEqual({ format: 'jpeg', width: 28, height: 28 });
  });

  it('should read a progressive (SOF2) frame header after APP0, DQT and DHT segments', () => {
    const bytes = jpegWith([
      [0xe0, 0x4a, 0x46, 0x49, 0x46, 0x00, 1, 1, 0, 0, 1, 0, 1, 0, 0],
      [0xdb, 0, ...new Array<number>(64).fill(1)],
      [0xc4, 0, ...new Array<number>(16).fill(0)], // DHT shares the SOF range and must be skipped
      [0xc2, ...frame(480, 640)],
    ]);
    expect(readImageHeader(bytes)).toEqual({ format: 'jpeg', width: 640, height: 480 });
  });

  it('should skip 0xFF fill bytes before a marker', () => {
    const bytes = Uint8Array.from([0xff, 0xd8, 0xff, 0xff, 0xff, 0xc0, 0, 11, ...frame(7, 9)]);
    expect(readImageHeader(bytes)).toEqual({ format: 'jpeg', width: 9, height: 7 });
  });

  it('should refuse unknown formats as unsupported_media_type', () => {
    const gif = new TextEncoder().encode('GIF89a\x01\x00\x01\x00');
    expect(codeOf(() => readImageHeader(gif))).toBe('unsupported_media_type');
    expect(codeOf(() => readImageHeader(Uint8Array.of(0x42, 0x4d)))).toBe('unsupported_media_type');
  });

  it('should refuse empty input and cut-off signatures as invalid_image', () => {
    expect(codeOf(() => readImageHeader(new Uint8Array(0)))).toBe('invalid_image');
    expect(codeOf(() => readImageHeader(Uint8Array.of(0x89, 0x50, 0x4e)))).toBe('invalid_image');
    expect(codeOf(() => readImageHeader(Uint8Array.of(0xff, 0xd8)))).toBe('invalid_image');
  });

  it('should refuse a PNG cut inside its IHDR as invalid_image', () => {
    const bytes = readFixture('digits/mnist-test-0-label-7.png');
    for (let length = 8; length < 24; length++) {
      expect(codeOf(() => readImageHeader(bytes.subarray(0, length)))).toBe('invalid_image');
    }
  });

  it('should refuse a PNG whose first chunk is not IHDR', () => {
    const bytes = readFixture('digits/mnist-test-0-label-7.png').slice();
    bytes.set([0x49, 0x44, 0x41, 0x54], 12); // "IDAT"
    expect(codeOf(() => readImageHeader(bytes))).toBe('invalid_image');
  });

  it('should refuse zero and out-of-range sizes', () => {
    const png = readFixture('digits/mnist-test-0-label-7.png').slice();
    png.set([0, 0, 0, 0], 16); // width 0
    expect(codeOf(() => readImageHeader(png))).toBe('invalid_image');
    png.set([0x80, 0, 0, 0], 16); // width 2^31
    expect(codeOf(() => readImageHeader(png))).toBe('invalid_image');
    expect(codeOf(() => readImageHeader(jpegWith([[0xc0, ...frame(0, 10)]])))).toBe('invalid_image');
  });

  it('should refuse a JPEG whose scan starts before any frame header', () => {
    expect(codeOf(() => readImageHeader(jpegWith([[0xda, 1, 1, 0, 0, 63, 0]])))).toBe('invalid_image');
  });

  it('should refuse a JPEG cut before or inside its frame header', () => {
    const bytes = readFixture('digits/mnist-test-0-label-7.jpg');
    const header = readImageHeader(bytes);
    expect(header.width).toBe(28);
    // jpeg-js writes SOI, APP0 (18 bytes), DQT (134 bytes), then SOF0 at byte 154, whose size
    // fields end at byte 163.
    for (const length of [3, 4, 10, 100, 154, 156, 160, 162]) {
      expect(codeOf(() => readImageHeader(bytes.subarray(0, length)))).toBe('invalid_image');
    }
    expect(readImageHeader(bytes.subarray(0, 163))).toEqual({ format: 'jpeg', width: 28, height: 28 });
  });
});
