import { describe, expect, it } from 'vitest';
import { assertRawImage } from '../../../shared/preprocess/raw-image';
import type { RawImage } from '../../../shared/preprocess/raw-image';

describe('assertRawImage', () => {
  it('should accept data of exactly height × width × channels bytes', () => {
    expect(() => assertRawImage({ data: new Uint8Array(2 * 3 * 4), width: 3, height: 2, channels: 4 })).not.toThrow();
  });

  it('should name both lengths when the data does not match the size', () => {
    expect(() => assertRawImage({ data: new Uint8Array(10), width: 28, height: 28, channels: 1 })).toThrow(
      'image data has 10 bytes, expected 784 (28×28×1)',
    );
  });

  it('should refuse non-positive sizes and unknown channel counts', () => {
    expect(() => assertRawImage({ data: new Uint8Array(0), width: 0, height: 1, channels: 1 })).toThrow(/positive integers/);
    const fiveChannels = { data: new Uint8Array(5), width: 1, height: 1, channels: 5 } as unknown as RawImage;
    expect(() => assertRawImage(fiveChannels)).toThrow(/channels must be 1, 2, 3 or 4, got 5/);
  });
});
