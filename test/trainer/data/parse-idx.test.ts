import { describe, expect, it } from 'vitest';
import { encodeIdx } from '../../helpers/encode-idx';
import { parseIdx } from '../../../trainer/data/parse-idx';

describe('parseIdx', () => {
  it('should read dims and data of an unsigned-byte IDX file', () => {
    const parsed = parseIdx(encodeIdx([2, 1, 3], [1, 2, 3, 4, 5, 6]), 'x');
    expect(parsed.dims).toEqual([2, 1, 3]);
    expect(Array.from(parsed.data)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('should refuse bad magic, other element types and size mismatches, naming the file', () => {
    expect(() => parseIdx(new Uint8Array([1, 0, 8, 1]), 'a.idx')).toThrow('a.idx: not an IDX file (bad magic number)');
    const floats = encodeIdx([1], [0]);
    floats[2] = 0x0d;
    expect(() => parseIdx(floats, 'f.idx')).toThrow(/element type 0xd is not supported/);
    expect(() => parseIdx(encodeIdx([2, 2], [1, 2, 3]), 's.idx')).toThrow('s.idx: IDX dims 2×2 need 4 data bytes, file has 3');
  });
});
