import { describe, expect, it } from 'vitest';
import { DEFAULT_MAX_PIXELS, decodeImage } from '../../../shared/preprocess/decode-image';
import { ImageError } from '../../../shared/preprocess/image-error';
import { readFixture, readMnistTestPixels, thrownBy } from './read-fixture';

function imageErrorOf(action: () => unknown): ImageError {
  const error = thrownBy(action);
  expect(error).toBeInstanceOf(ImageError);
  return error as ImageError;
}

/** Deterministic pseudo-random integers in [0, bound), so failures reproduce. */
function createRandom(seed: number): (bound: number) => number {
  let state = seed;
  return (bound) => {
    state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0;
    return Math.floor((state / 2 ** 32) * bound);
  };
}

const options = { maxPixels: DEFAULT_MAX_PIXELS };

describe('decodeImage', () => {
  it('should decode a grayscale PNG to one channel with the source pixels', () => {
    const image = decodeImage(readFixture('digits/mnist-test-4-label-4.png'), options);
    expect(image).toMatchObject({ width: 28, height: 28, channels: 1 });
    expect(image.data).toEqual(readMnistTestPixels(4));
  });

  it('should decode a JPEG to three channels of the header size', () => {
    const image = decodeImage(readFixture('digits/mnist-test-4-label-4.jpg'), options);
    expect(image).toMatchObject({ width: 28, height: 28, channels: 3 });
    expect(image.data.length).toBe(28 * 28 * 3);
  });

  it('should refuse a forged 100000×100000 PNG as image_too_large from its header alone', () => {
    // The body is a 1-byte IDAT: reaching the decoder would give invalid_image, not this code.
    const error = imageErrorOf(() => decodeImage(readFixture('odd/forged-huge-100000x100000.png'), options));
    expect(error.code).toBe('image_too_large');
    expect(error.message).toContain('100000×100000 = 10000000000 pixels');
    expect(error.message).toContain(String(DEFAULT_MAX_PIXELS));
  });

  it('should accept exactly maxPixels and refuse one pixel more, for PNG and JPEG', () => {
    for (const file of ['digits/mnist-test-0-label-7.png', 'digits/mnist-test-0-label-7.jpg']) {
      const bytes = readFixture(file);
      expect(decodeImage(bytes, { maxPixels: 784 }).width).toBe(28);
      expect(imageErrorOf(() => decodeImage(bytes, { maxPixels: 783 })).code).toBe('image_too_large');
    }
  });

  it('should refuse the truncated PNG fixture as invalid_image, saying in words where it stops', () => {
    const error = imageErrorOf(() => decodeImage(readFixture('odd/truncated-mnist-test-0.png'), options));
    expect(error.code).toBe('invalid_image');
    expect(error.message).toBe(
      'PNG is truncated: the file ends 82 bytes into chunk IDAT #2 at byte 33, which declares 189: the image stops after row 13 of 28',
    );
  });

  it('should refuse every truncation of a PNG and a JPEG as invalid_image', () => {
    for (const file of ['digits/mnist-test-1-label-2.png', 'digits/mnist-test-1-label-2.jpg']) {
      const bytes = readFixture(file);
      for (let length = 0; length < bytes.length; length++) {
        const error = imageErrorOf(() => decodeImage(bytes.subarray(0, length), options));
        expect(error.code, `${file} cut to ${length} bytes`).toBe('invalid_image');
      }
    }
  });

  it('should refuse a PNG with a corrupted IDAT byte as invalid_image', () => {
    const bytes = readFixture('digits/mnist-test-0-label-7.png').slice();
    bytes[60] = (bytes[60] ?? 0) ^ 0xff;
    expect(imageErrorOf(() => decodeImage(bytes, options)).code).toBe('invalid_image');
  });

  it('should either decode randomly corrupted bytes to the header size or throw ImageError, nothing else', () => {
    const random = createRandom(42);
    const outcomes = new Set<string>();
    for (const file of ['digits/mnist-test-2-label-1.png', 'digits/mnist-test-2-label-1.jpg']) {
      const original = readFixture(file);
      for (let trial = 0; trial < 300; trial++) {
        const bytes = original.slice();
        for (let flips = 1 + random(4); flips > 0; flips--) bytes[random(bytes.length)] = random(256);
        try {
          const image = decodeImage(bytes, { maxPixels: 10_000 });
          expect(image.data.length).toBe(image.width * image.height * image.channels);
          outcomes.add('decoded');
        } catch (error) {
          expect(error, `${file} trial ${trial}`).toBeInstanceOf(ImageError);
          outcomes.add((error as ImageError).code);
        }
      }
    }
    expect(outcomes).toContain('invalid_image');
  });

  it('should refuse unknown formats as unsupported_media_type', () => {
    const webp = new TextEncoder().encode('RIFF\x24\x00\x00\x00WEBPVP8 ');
    expect(imageErrorOf(() => decodeImage(webp, options)).code).toBe('unsupported_media_type');
  });

  it('should throw RangeError for a maxPixels that is not a positive integer', () => {
    const bytes = readFixture('digits/mnist-test-0-label-7.png');
    for (const maxPixels of [0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => decodeImage(bytes, { maxPixels })).toThrow(RangeError);
    }
  });
});
