import { describe, expect, it } from 'vitest';
import { createSpikeDetector } from '../../../trainer/fuses/create-spike-detector';

const options = { warmupSteps: 2, alpha: 0.5, zThreshold: 3, consecutiveSteps: 2 };

describe('createSpikeDetector', () => {
  // Hand-worked with warm-up 2, α = 0.5, z > 3 for M = 2 steps (ε = 1e-8 is negligible here):
  //   losses 1, 3          → mean 2, variance 1
  //   step 2, loss 3:   z = 1                      → normal; mean 2.5, variance ½·1 + ½·0.5² = 0.625
  //   step 3, loss 10:  z = 7.5/√0.625 = 9.4868330 → outlier 1 (onset 3), stats frozen
  //   step 4, loss 2.5: z = 0                      → normal, streak reset; mean 2.5, variance 0.3125
  //   step 5, loss 9:   z = 6.5/√0.3125 = 11.627553 → outlier 1 (onset 5)
  //   step 6, loss 9:   same z                     → outlier 2 → spike (onset 5), streak reset
  //   step 7, loss 9:   same z (stats still frozen) → outlier 1 (onset 7)
  it('should flag M outliers in a row on a hand-made loss sequence', () => {
    const detector = createSpikeDetector(options);
    const losses = [1, 3, 3, 10, 2.5, 9, 9, 9];
    const decisions = losses.map((loss, step) => detector.observe(step, loss));
    expect(decisions.map((decision) => decision.zScore)).toEqual([
      null,
      null,
      expect.closeTo(1, 7),
      expect.closeTo(9.486833, 5),
      expect.closeTo(0, 12),
      expect.closeTo(11.627553, 5),
      expect.closeTo(11.627553, 5),
      expect.closeTo(11.627553, 5),
    ]);
    expect(decisions.map((decision) => decision.outlier)).toEqual([false, false, false, true, false, true, true, true]);
    expect(decisions.map((decision) => decision.consecutiveOutliers)).toEqual([0, 0, 0, 1, 0, 1, 2, 1]);
    expect(decisions.map((decision) => decision.spike)).toEqual([false, false, false, false, false, false, true, false]);
    expect(decisions.map((decision) => decision.onsetStep)).toEqual([null, null, null, 3, null, 5, 5, 7]);
    expect(detector.getState()).toMatchObject({ mean: 2.5, variance: 0.3125, spikes: 1, consecutiveOutliers: 1, onsetStep: 7 });
  });

  it('should count a non-finite loss as an outlier without touching the statistics', () => {
    const detector = createSpikeDetector(options);
    [1, 3].forEach((loss, step) => detector.observe(step, loss));
    const decision = detector.observe(2, Number.NaN);
    expect(decision).toMatchObject({ outlier: true, zScore: Number.POSITIVE_INFINITY, consecutiveOutliers: 1, onsetStep: 2 });
    expect(detector.getState()).toMatchObject({ mean: 2, variance: 1 });
  });

  it('should need z > 6 for 3 steps after 50 warm-up steps by default', () => {
    const detector = createSpikeDetector();
    for (let step = 0; step < 50; step++) expect(detector.observe(step, step % 2 === 0 ? 1 : 1.2).zScore).toBeNull();
    // mean 1.1, std 0.1: a loss of 1.75 is z = 0.65 / (0.1 + 1e-8) ≈ 6.5
    const decisions = [50, 51, 52].map((step) => detector.observe(step, 1.75));
    expect(decisions[0]?.zScore).toBeCloseTo(0.65 / (0.1 + 1e-8), 9);
    expect(decisions.map((decision) => decision.spike)).toEqual([false, false, true]);
  });

  it('should continue identically from a JSON round trip of its state', () => {
    const original = createSpikeDetector(options);
    [1, 3, 3, 10].forEach((loss, step) => original.observe(step, loss));
    const copy = createSpikeDetector(options);
    copy.loadState(JSON.parse(JSON.stringify(original.getState())));
    expect(copy.observe(4, 10)).toEqual(original.observe(4, 10));
  });

  it('should refuse an invalid saved state', () => {
    const detector = createSpikeDetector();
    expect(() => detector.loadState({})).toThrow(/SpikeDetector: invalid saved state at "warmupLosses"/);
  });
});
