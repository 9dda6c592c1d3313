import { describe, expect, it } from 'vitest';
import { percentileOfSorted } from '../../../trainer/fuses/percentile-of-sorted';

describe('percentileOfSorted', () => {
  it('should interpolate linearly like numpy', () => {
    // np.percentile([1, 2, 3, 4, 5], [0, 10, 50, 90, 100]) → [1, 1.4, 3, 4.6, 5]
    expect(percentileOfSorted([1, 2, 3, 4, 5], 0)).toBe(1);
    expect(percentileOfSorted([1, 2, 3, 4, 5], 10)).toBeCloseTo(1.4, 12);
    expect(percentileOfSorted([1, 2, 3, 4, 5], 50)).toBe(3);
    expect(percentileOfSorted([1, 2, 3, 4, 5], 90)).toBeCloseTo(4.6, 12);
    expect(percentileOfSorted([1, 2, 3, 4, 5], 100)).toBe(5);
    // np.percentile([1, 3], 25) → 1.5; np.percentile([10, 20, 40], 75) → 30
    expect(percentileOfSorted([1, 3], 25)).toBe(1.5);
    expect(percentileOfSorted([10, 20, 40], 75)).toBe(30);
  });

  it('should return the only value of a one-element list', () => {
    expect(percentileOfSorted([7], 10)).toBe(7);
  });

  it('should refuse an empty list and an out-of-range percent', () => {
    expect(() => percentileOfSorted([], 10)).toThrow(/no values/);
    expect(() => percentileOfSorted([1], 101)).toThrow(/got 101/);
  });
});
