import { encode as encodePng } from 'fast-png';
import { describe, expect, it } from 'vitest';
import { decodePng } from '../../../shared/preprocess/decode-png';
import { ImageError } from '../../../shared/preprocess/image-error';
import { insertAfterIhdr, pngChunk } from './png-chunk';
import { readFixture, readMnistTestPixels, thrownBy } from './read-fixture';

describe('decodePng', () => {
  it('should decode an 8-bit grayscale PNG to the exact source pixels', () => {
    const image = decodePng(readFixture('digits/mnist-test-0-label-7.png'));
    expect(image).toMatchObject({ width: 28, height: 28, channels: 1 });
    expect(image.data).toEqual(readMnistTestPixels(0));
  });

  it('should decode an Adam7-interlaced PNG to the same pixels', () => {
    const image = decodePng(readFixture('odd/interlaced-mnist-test-0.png'));
    expect(image.data).toEqual(readMnistTestPixels(0));
  });

  it('should keep RGBA as four channels with straight alpha', () => {
    const image = decodePng(readFixture('odd/rgba-2x2.png'));
    expect(image).toMatchObject({ width: 2, height: 2, channels: 4 });
    expect(Array.from(image.data)).toEqual([255, 0, 0, 255, 0, 255, 0, 128, 0, 0, 255, 0, 255, 255, 255, 64]);
  });

  it('should expand a 2-bit palette with tRNS to RGBA, ignoring row padding bits', () => {
    const image = decodePng(readFixture('odd/palette-2bit-3x2.png'));
    expect(image).toMatchObject({ width: 3, height: 2, channels: 4 });
    // Indices [0, 1, 2] / [3, 2, 1]; entry 0 is (10, 20, 30) with alpha 0.
    expect(Array.from(image.data)).toEqual([
      10, 20, 30, 0, 255, 0, 0, 255, 0, 255, 0, 255,
      0, 0, 255, 255, 0, 255, 0, 255, 255, 0, 0, 255,
    ]);
  });

  it('should expand a palette without tRNS to RGB', () => {
    const png = encodePng({ width: 2, height: 1, channels: 1, depth: 8, palette: [[1, 2, 3], [4, 5, 6]], data: Uint8Array.of(1, 0) });
    const image = decodePng(png);
    expect(image.channels).toBe(3);
    expect(Array.from(image.data)).toEqual([4, 5, 6, 1, 2, 3]);
  });

  it('should ignore the suggested palette of an RGB PNG', () => {
    const rgb = encodePng({ width: 2, height: 1, channels: 3, depth: 8, data: Uint8Array.of(1, 2, 3, 4, 5, 6) });
    const withPalette = insertAfterIhdr(rgb, pngChunk('PLTE', Uint8Array.of(9, 9, 9, 8, 8, 8)));
    const image = decodePng(withPalette);
    expect(image.channels).toBe(3);
    expect(Array.from(image.data)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('should refuse an indexed PNG without a palette', () => {
    const png = encodePng({ width: 2, height: 1, channels: 1, depth: 8, palette: [[1, 2, 3], [4, 5, 6]], data: Uint8Array.of(1, 0) });
    // Drop the PLTE chunk (12 bytes of framing + 6 of body) that follows the IHDR at byte 33.
    const withoutPalette = new Uint8Array([...png.subarray(0, 33), ...png.subarray(33 + 18)]);
    expect(() => decodePng(withoutPalette)).toThrow(/no PLTE/);
  });

  it('should refuse a palette index beyond the palette', () => {
    const png = encodePng({ width: 2, height: 1, channels: 1, depth: 8, palette: [[1, 2, 3], [4, 5, 6]], data: Uint8Array.of(1, 2) });
    expect(() => decodePng(png)).toThrow('PNG is corrupt: pixel 1 uses palette index 2, the palette has 2 entries');
  });

  it('should round 16-bit samples to 8 bits', () => {
    const image = decodePng(readFixture('odd/gray16-2x2.png'));
    expect(image).toMatchObject({ width: 2, height: 2, channels: 1 });
    // 0, 25700, 65535, 1000 → ×255/65535 → 0, 100, 255, 3.89 → 4
    expect(Array.from(image.data)).toEqual([0, 100, 255, 4]);
  });

  it('should scale 1-bit and 4-bit grayscale to 0–255', () => {
    // 1-bit 3×1: samples 1, 0, 1 packed MSB first → 0b101_00000.
    const oneBit = decodePng(encodePng({ width: 3, height: 1, channels: 1, depth: 1, data: Uint8Array.of(0b1010_0000) }));
    expect(Array.from(oneBit.data)).toEqual([255, 0, 255]);
    // 4-bit 3×1: samples 15, 1, 8 → ×17 → 255, 17, 136.
    const fourBit = decodePng(encodePng({ width: 3, height: 1, channels: 1, depth: 4, data: Uint8Array.of(0xf1, 0x80) }));
    expect(Array.from(fourBit.data)).toEqual([255, 17, 136]);
  });

  it('should turn a grayscale tRNS colour key into an alpha channel', () => {
    const plain = encodePng({ width: 3, height: 1, channels: 1, depth: 8, data: Uint8Array.of(0, 128, 255) });
    const keyed = insertAfterIhdr(plain, pngChunk('tRNS', Uint8Array.of(0, 128)));
    const image = decodePng(keyed);
    expect(image.channels).toBe(2);
    expect(Array.from(image.data)).toEqual([0, 255, 128, 0, 255, 255]);
  });

  it('should turn an RGB tRNS colour key into an alpha channel', () => {
    // 3 pixels: fast-png rejects a tRNS with more samples (3) than the image has pixels.
    const plain = encodePng({ width: 3, height: 1, channels: 3, depth: 8, data: Uint8Array.of(1, 2, 3, 1, 2, 4, 9, 9, 9) });
    const keyed = insertAfterIhdr(plain, pngChunk('tRNS', Uint8Array.of(0, 1, 0, 2, 0, 3)));
    const image = decodePng(keyed);
    expect(image.channels).toBe(4);
    expect(Array.from(image.data)).toEqual([1, 2, 3, 0, 1, 2, 4, 255, 9, 9, 9, 255]);
  });

  it('should refuse interlaced sub-byte PNGs as unsupported_media_type', () => {
    const bytes = readFixture('odd/palette-2bit-3x2.png').slice();
    bytes[28] = 1; // IHDR interlace method: Adam7
    const error = thrownBy(() => decodePng(bytes));
    expect(error).toBeInstanceOf(ImageError);
    expect((error as ImageError).code).toBe('unsupported_media_type');
  });

  it('should detect a flipped bit through the chunk CRC', () => {
    const bytes = readFixture('digits/mnist-test-0-label-7.png').slice();
    bytes[60] = (bytes[60] ?? 0) ^ 0x01; // inside the IDAT body
    expect(() => decodePng(bytes)).toThrow(/crc/i);
  });
});
