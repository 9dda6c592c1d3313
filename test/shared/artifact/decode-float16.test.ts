import { describe, expect, it } from 'vitest';
import { decodeFloat16, encodeFloat16 } from '../../../shared/artifact';

describe('decodeFloat16', () => {
  it('should decode normals, subnormals, zeros, infinities and NaN', () => {
    const decoded = decodeFloat16(Uint16Array.of(0x3c00, 0xc000, 0x7bff, 0x0001, 0x0400, 0x8000, 0x7c00, 0xfc00, 0x7e00));
    expect(Array.from(decoded.slice(0, 8))).toEqual([1, -2, 65504, 2 ** -24, 2 ** -14, -0, Infinity, -Infinity]);
    expect(Number.isNaN(decoded[8])).toBe(true);
  });

  it('should invert encodeFloat16 for every finite half value', () => {
    const all = Uint16Array.from({ length: 0x7c00 }, (_, bits) => bits); // every non-negative finite half
    expect(encodeFloat16(decodeFloat16(all))).toEqual(all);
  });
});
