import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_MAX_PIXELS } from '../../../shared/preprocess/decode-image';
import { ImageError } from '../../../shared/preprocess/image-error';
import { preprocessImage } from '../../../shared/preprocess/preprocess-image';
import { preprocessPixels } from '../../../shared/preprocess/preprocess-pixels';
import { defaultPreprocessSpec } from '../../../shared/preprocess/preprocess-spec';
import { readFixture, readMnistTestPixels, thrownBy } from './read-fixture';

interface DigitFixture {
  file: string;
  label: number;
  index: number;
}

const spec = defaultPreprocessSpec({ height: 28, width: 28, channels: 1 });
const options = { maxPixels: DEFAULT_MAX_PIXELS };
const digits = JSON.parse(new TextDecoder().decode(readFixture('digits/index.json'))) as DigitFixture[];

function trainerView(index: number): Float32Array {
  return preprocessPixels({ data: readMnistTestPixels(index), width: 28, height: 28, channels: 1 }, spec);
}

describe('preprocessImage', () => {
  it('should list 20 MNIST test images as PNG and JPEG in the fixture index', () => {
    expect(digits).toHaveLength(40);
    expect(new Set(digits.map((digit) => digit.index))).toEqual(new Set(Array.from({ length: 20 }, (_, index) => index)));
    for (const { file, label, index } of digits) {
      expect(file).toMatch(new RegExp(`^mnist-test-${index}-label-${label}\\.(png|jpg)$`));
    }
  });

  it('should give exactly the trainer’s values for every PNG digit fixture', () => {
    const pngs = digits.filter((digit) => digit.file.endsWith('.png'));
    expect(pngs).toHaveLength(20);
    for (const { file, index } of pngs) {
      expect(preprocessImage(readFixture(`digits/${file}`), spec, options), file).toEqual(trainerView(index));
    }
  });

  it('should give values close to the trainer’s for every JPEG digit fixture', () => {
    for (const { file, index } of digits.filter((digit) => digit.file.endsWith('.jpg'))) {
      const served = preprocessImage(readFixture(`digits/${file}`), spec, options);
      const trained = trainerView(index);
      let totalError = 0;
      served.forEach((value, i) => {
        totalError += Math.abs(value - (trained[i] ?? 0));
      });
      expect(totalError / served.length, file).toBeLessThan(3 / 255);
    }
  });

  it('should ship the README sample as MNIST test image 0, a 7, in both places', () => {
    const sample = readFixture('samples/digit-7.png');
    const topLevel = new Uint8Array(readFileSync(new URL('../../../samples/digit-7.png', import.meta.url)));
    expect(topLevel).toEqual(sample);
    expect(preprocessImage(sample, spec, options)).toEqual(trainerView(0));
    expect(digits.find((digit) => digit.index === 0)?.label).toBe(7);
  });

  it('should pass decoding errors through as ImageError', () => {
    const error = thrownBy(() => preprocessImage(readFixture('odd/forged-huge-100000x100000.png'), spec, options));
    expect(error).toBeInstanceOf(ImageError);
    expect((error as ImageError).code).toBe('image_too_large');
  });
});
