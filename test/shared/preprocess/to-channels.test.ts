import { describe, expect, it } from 'vitest';
import type { RawImage } from '../../../shared/preprocess/raw-image';
import { toChannels } from '../../../shared/preprocess/to-channels';

function image(channels: RawImage['channels'], values: number[]): RawImage {
  return { data: Uint8Array.from(values), width: values.length / channels, height: 1, channels };
}

/** Opaque red, half-transparent green, fully transparent blue, quarter-opaque white. */
const rgba = image(4, [255, 0, 0, 255, 0, 255, 0, 128, 0, 0, 255, 0, 255, 255, 255, 64]);

describe('toChannels', () => {
  it('should return the same image when the channel count already matches', () => {
    const gray = image(1, [1, 2, 3]);
    const rgb = image(3, [1, 2, 3]);
    expect(toChannels(gray, 1, 'black')).toBe(gray);
    expect(toChannels(rgb, 3, 'white')).toBe(rgb);
  });

  it('should replicate gray into R, G and B', () => {
    const out = toChannels(image(1, [0, 77, 255]), 3, 'black');
    expect(out).toMatchObject({ width: 3, height: 1, channels: 3 });
    expect(Array.from(out.data)).toEqual([0, 0, 0, 77, 77, 77, 255, 255, 255]);
  });

  it('should convert RGB to gray with BT.601 luma, rounded', () => {
    const out = toChannels(image(3, [255, 0, 0, 0, 255, 0, 0, 0, 255, 10, 20, 30, 7, 7, 7]), 1, 'black');
    // 0.299·255 = 76.245, 0.587·255 = 149.685, 0.114·255 = 29.07, 2.99 + 11.74 + 3.42 = 18.15, 7
    expect(Array.from(out.data)).toEqual([76, 150, 29, 18, 7]);
  });

  it('should map every gray-as-RGB pixel back to its own value', () => {
    const values = Array.from({ length: 256 }, (_, value) => value);
    const out = toChannels(image(3, values.flatMap((value) => [value, value, value])), 1, 'black');
    expect(Array.from(out.data)).toEqual(values);
  });

  it('should composite gray+alpha over black or white', () => {
    const grayAlpha = image(2, [200, 128, 200, 255, 200, 0]);
    // 200·128/255 = 100.39; (200·128 + 255·127)/255 = 227.39
    expect(Array.from(toChannels(grayAlpha, 1, 'black').data)).toEqual([100, 200, 0]);
    expect(Array.from(toChannels(grayAlpha, 1, 'white').data)).toEqual([227, 200, 255]);
    expect(Array.from(toChannels(grayAlpha, 3, 'black').data)).toEqual([100, 100, 100, 200, 200, 200, 0, 0, 0]);
  });

  it('should composite RGBA to RGB over black or white', () => {
    expect(Array.from(toChannels(rgba, 3, 'black').data)).toEqual([255, 0, 0, 0, 128, 0, 0, 0, 0, 64, 64, 64]);
    // green at alpha 128 over white: (255·127)/255 = 127 for R and B
    expect(Array.from(toChannels(rgba, 3, 'white').data)).toEqual([255, 0, 0, 127, 255, 127, 255, 255, 255, 255, 255, 255]);
  });

  it('should composite RGBA before taking luma, rounding once', () => {
    // black: 76.245, luma(0, 128, 0) = 75.14, 0, 64
    expect(Array.from(toChannels(rgba, 1, 'black').data)).toEqual([76, 75, 0, 64]);
    // white: 76.245, luma(127, 255, 127) = 202.14, 255, 255
    expect(Array.from(toChannels(rgba, 1, 'white').data)).toEqual([76, 202, 255, 255]);
  });
});
