import { describe, expect, it } from 'vitest';
import { topK } from '../../../shared/artifact';

describe('topK', () => {
  it('should rank scores best first with labels and indices', () => {
    expect(topK(new Float32Array([0.1, 0.7, 0.2]), ['a', 'b', 'c'], 2)).toEqual([
      { label: 'b', score: expect.closeTo(0.7, 6), index: 1 },
      { label: 'c', score: expect.closeTo(0.2, 6), index: 2 },
    ]);
  });

  it('should break ties by the lower index and clamp k', () => {
    expect(topK([0.5, 0.5], ['x', 'y'], 5).map((entry) => entry.index)).toEqual([0, 1]);
  });

  it('should refuse scores and labels of different lengths', () => {
    expect(() => topK([1, 2], ['a'], 1)).toThrow('topK: 2 scores but 1 labels');
  });
});
