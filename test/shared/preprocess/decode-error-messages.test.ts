import { describe, expect, it } from 'vitest';
import { decodeImage, ImageError } from '../../../shared/preprocess';
import { jpegVariantSeeds, pngVariantSeeds } from '../../helpers/hostile-image-corpus';
import { encodeFlatJpeg } from '../../helpers/jpeg-bytes';
import { encodeTestPng, pngChunk, pngWithIdat, readPngChunks, writePng, zlibStored } from '../../helpers/png-bytes';
import { readFixture } from './read-fixture';

const options = { maxPixels: 16_000_000 };

function messageOf(bytes: Uint8Array): string {
  try {
    decodeImage(bytes, options);
  } catch (error) {
    expect(error).toBeInstanceOf(ImageError);
    expect((error as ImageError).code).toBe('invalid_image');
    return (error as ImageError).message;
  }
  throw new Error('decoded without an error');
}

/** Words the decoder libraries use; none may reach a user. */
const LIBRARY_WORDS = /Unsupported filter|DataView|decompressing|invalid distance|marker was not found|unknown JPEG marker|unexpected marker|Offset is outside|CRC mismatch|undefined/;

describe('decode error messages', () => {
  const png = readFixture('digits/mnist-test-1-label-2.png');
  const jpeg = readFixture('digits/mnist-test-1-label-2.jpg');

  it('should say after which row a cut PNG stops', () => {
    const idat = readPngChunks(png).find((chunk) => chunk.type === 'IDAT');
    if (idat === undefined) throw new Error('fixture has no IDAT');
    expect(messageOf(png.subarray(0, 33 + 8 + Math.floor(idat.data.length / 2)))).toMatch(
      new RegExp(`^PNG is truncated: the file ends ${Math.floor(idat.data.length / 2)} bytes into chunk IDAT #2 at byte 33, which declares ${idat.data.length}: the image stops after row \\d+ of 28$`),
    );
  });

  it('should say when the image data stops early in a complete file', () => {
    // A 4×6 gray image whose stored zlib stream holds only 3 of its 6 rows.
    const rows = new Uint8Array(3 * 5);
    const bytes = pngWithIdat({ width: 4, height: 6, bitDepth: 8, colorType: 0, interlace: 0 }, zlibStored(rows));
    expect(messageOf(bytes)).toBe('PNG is truncated: its image data stops after row 3 of 6 (15 of 30 bytes)');
  });

  it('should name a bad row filter instead of the decoder’s words', () => {
    const rows = new Uint8Array(2 * 5);
    rows[5] = 9; // second row's filter byte
    const bytes = pngWithIdat({ width: 4, height: 2, bitDepth: 8, colorType: 0, interlace: 0 }, zlibStored(rows));
    expect(messageOf(bytes)).toBe('PNG is corrupt: row 2 of 2 has filter type 9 (valid types are 0–4)');
  });

  it('should name the chunk whose CRC is wrong', () => {
    const broken = writePng(readPngChunks(png).map((chunk) => (chunk.type === 'IDAT' ? { ...chunk, crc: (chunk.crc ^ 1) >>> 0 } : chunk)));
    expect(messageOf(broken)).toBe('PNG is corrupt: bad CRC in chunk IDAT #2 at byte 33');
  });

  it('should say when a PNG has no image data or no IEND', () => {
    const chunks = readPngChunks(png);
    expect(messageOf(writePng(chunks.filter((chunk) => chunk.type !== 'IDAT')))).toBe('PNG is corrupt: it has no image data (no IDAT chunk)');
    expect(messageOf(writePng(chunks.filter((chunk) => chunk.type !== 'IEND')))).toBe(
      'PNG is truncated: the image data is complete but the file ends without its IEND chunk',
    );
    expect(messageOf(writePng([...chunks.slice(0, 1), pngChunk('IDAT', Uint8Array.of(0x78, 0x9c, 0xff, 0xff)), ...chunks.slice(-1)]))).toBe(
      'PNG is corrupt: its compressed image data is invalid after row 0 of 28',
    );
  });

  it('should say where a cut JPEG stops', () => {
    expect(messageOf(jpeg.subarray(0, jpeg.length - 40))).toBe(
      `JPEG is truncated: the file ends at byte ${jpeg.length - 40} inside the image data of scan 1 (the end-of-image marker is missing)`,
    );
    expect(messageOf(jpeg.subarray(0, 200))).toMatch(/^JPEG is truncated: segment FFC4 \(Huffman table\) at byte \d+ declares \d+ bytes, the file ends \d+ bytes into it$/);
  });

  it('should name the JPEG coding or colour layout it cannot read', () => {
    expect(messageOf(encodeFlatJpeg({ width: 16, height: 8, components: 1, frameMarker: 0xc3 }))).toBe(
      'JPEG uses lossless (SOF3) coding, which this decoder does not read',
    );
    expect(messageOf(encodeFlatJpeg({ width: 16, height: 8, components: 2 }))).toBe(
      'JPEG has 2 colour components (1 gray, 3 YCbCr or 4 CMYK are read), which this decoder does not read',
    );
  });

  it('should never pass on a decoder library’s words, for any cut or flipped byte', () => {
    for (const bytes of [png, jpeg, ...pngVariantSeeds(), ...jpegVariantSeeds(), encodeTestPng({ width: 9, height: 9, bitDepth: 8, colorType: 6, interlace: 1, sample: (x, y, c) => (x * y + c) % 256 })]) {
      for (let length = 1; length < bytes.length; length += Math.max(1, Math.floor(bytes.length / 60))) {
        const cut = bytes.subarray(0, length);
        let message = '';
        try {
          decodeImage(cut, options);
        } catch (error) {
          message = (error as Error).message;
        }
        expect(message, `cut at ${length}`).not.toMatch(LIBRARY_WORDS);
      }
      for (let position = 8; position < bytes.length; position += Math.max(1, Math.floor(bytes.length / 40))) {
        const flipped = bytes.slice();
        flipped[position] = (flipped[position] ?? 0) ^ 0x5a;
        let message = '';
        try {
          decodeImage(flipped, options);
        } catch (error) {
          message = (error as Error).message;
        }
        expect(message, `byte ${position} flipped`).not.toMatch(LIBRARY_WORDS);
      }
    }
  });
});
