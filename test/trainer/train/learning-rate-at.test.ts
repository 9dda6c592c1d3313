import { describe, expect, it } from 'vitest';
import { learningRateAt } from '../../../trainer/train/learning-rate-at';

const schedule = { peak: 1, warmupSteps: 4, totalSteps: 14, minRatio: 0.1 };

describe('learningRateAt', () => {
  it('should warm up linearly to the peak', () => {
    expect([0, 1, 2, 3].map((step) => learningRateAt(step, schedule))).toEqual([0.25, 0.5, 0.75, 1]);
  });

  it('should decay by a cosine to peak * minRatio', () => {
    expect(learningRateAt(4, schedule)).toBeCloseTo(1, 12);
    // halfway through the 10 decay steps: 0.1 + 0.9 * 0.5 = 0.55
    expect(learningRateAt(9, schedule)).toBeCloseTo(0.55, 12);
    expect(learningRateAt(14, schedule)).toBeCloseTo(0.1, 12);
    expect(learningRateAt(100, schedule)).toBeCloseTo(0.1, 12);
  });
});
