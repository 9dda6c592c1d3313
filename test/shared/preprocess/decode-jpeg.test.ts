import { describe, expect, it } from 'vitest';
import { decodeJpeg } from '../../../shared/preprocess/decode-jpeg';
import { readFixture, readMnistTestPixels } from './read-fixture';

describe('decodeJpeg', () => {
  it('should decode a JPEG of a gray digit to RGB with equal channels', () => {
    const image = decodeJpeg(readFixture('digits/mnist-test-0-label-7.jpg'), 28 * 28);
    expect(image).toMatchObject({ width: 28, height: 28, channels: 3 });
    expect(image.data).toBeInstanceOf(Uint8Array);
    for (let p = 0; p < 28 * 28; p++) {
      expect([image.data[p * 3 + 1], image.data[p * 3 + 2]]).toEqual([image.data[p * 3], image.data[p * 3]]);
    }
  });

  it('should stay within a few levels of the source pixels at quality 95', () => {
    for (const [index, label] of [[0, 7], [1, 2], [2, 1]] as const) {
      const image = decodeJpeg(readFixture(`digits/mnist-test-${index}-label-${label}.jpg`), 28 * 28);
      const source = readMnistTestPixels(index);
      let totalError = 0;
      source.forEach((value, p) => {
        totalError += Math.abs((image.data[p * 3] ?? 0) - value);
      });
      expect(totalError / source.length).toBeLessThan(3);
    }
  });

  it('should throw when the data is cut before the end-of-image marker', () => {
    const bytes = readFixture('digits/mnist-test-0-label-7.jpg');
    expect(() => decodeJpeg(bytes.subarray(0, bytes.length - 2), 28 * 28)).toThrow();
  });
});
