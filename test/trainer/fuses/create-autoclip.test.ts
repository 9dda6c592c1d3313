import { describe, expect, it } from 'vitest';
import { createAutoClip } from '../../../trainer/fuses/create-autoclip';

describe('createAutoClip', () => {
  // 10th percentile, numpy linear, of the history including the current norm:
  //   [5] → 5;  [1,5] → 1 + 0.1·4 = 1.4;  [1,4,5] → 1 + 0.2·3 = 1.6;
  //   [1,2,4,5] → 1 + 0.3·1 = 1.3;  [1,2,3,4,5] → 1 + 0.4·1 = 1.4
  it('should clip at the 10th percentile of the norms seen so far', () => {
    const autoClip = createAutoClip();
    const decisions = [5, 1, 4, 2, 3].map((norm) => autoClip.observe(norm));
    expect(decisions.map((decision) => decision.threshold)).toEqual([5, expect.closeTo(1.4, 12), expect.closeTo(1.6, 12), expect.closeTo(1.3, 12), expect.closeTo(1.4, 12)]);
    expect(decisions.map((decision) => decision.clip)).toEqual([false, false, true, true, true]);
    expect(autoClip.getState()).toMatchObject({ sortedNorms: [1, 2, 3, 4, 5], clippedSteps: 3 });
  });

  it('should use the configured percentile', () => {
    const autoClip = createAutoClip({ percentile: 50 });
    [1, 9, 5].forEach((norm) => autoClip.observe(norm));
    expect(autoClip.observe(7).threshold).toBe(6); // median of [1, 5, 7, 9]
  });

  it('should continue identically from a JSON round trip of its state', () => {
    const original = createAutoClip();
    [5, 1, 4].forEach((norm) => original.observe(norm));
    const copy = createAutoClip();
    copy.loadState(JSON.parse(JSON.stringify(original.getState())));
    expect(copy.observe(2)).toEqual(original.observe(2));
  });

  it('should refuse an unsorted saved history and a non-finite norm', () => {
    const autoClip = createAutoClip();
    expect(() => autoClip.loadState({ sortedNorms: [2, 1], clippedSteps: 0, lastThreshold: null })).toThrow(/not in ascending order/);
    expect(() => autoClip.observe(Number.POSITIVE_INFINITY)).toThrow(/norm Infinity is not a finite/);
  });
});
