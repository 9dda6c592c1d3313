import { describe, expect, it } from 'vitest';
import { createSpikeDetector } from '../../../trainer/fuses/create-spike-detector';

const options = { warmupSteps: 2, alpha: 0.5, zThreshold: 3, consecutiveSteps: 2 };

describe('createSpikeDetector', () => {
  // Hand-worked with warm-up 2, α = 0.5, z > 3 for M = 2 steps (ε = 1e-8 is negligible here):
  //   losses 1, 3          → mean = median 2, σ = 1.4826·MAD = 1.4826, variance 2.19810276
  //   step 2, loss 3:   z = 1/1.4826 = 0.6744908   → normal; mean 2.5, variance ½·2.19810276 + ½·0.5² = 1.22405138
  //   step 3, loss 10:  z = 7.5/√1.22405138 = 6.7789345 → outlier 1 (onset 3), stats frozen
  //   step 4, loss 2.5: z = 0                      → normal, streak reset; mean 2.5, variance 0.61202569
  //   step 5, loss 9:   z = 6.5/√0.61202569 = 8.3086129 → outlier 1 (onset 5)
  //   step 6, loss 9:   same z                     → outlier 2 → spike (onset 5), streak reset
  //   step 7, loss 9:   same z (stats still frozen) → outlier 1 (onset 7)
  it('should flag M outliers in a row on a hand-made loss sequence', () => {
    const detector = createSpikeDetector(options);
    const losses = [1, 3, 3, 10, 2.5, 9, 9, 9];
    const decisions = losses.map((loss, step) => detector.observe(step, loss));
    expect(decisions.map((decision) => decision.zScore)).toEqual([
      null,
      null,
      expect.closeTo(0.6744908, 6),
      expect.closeTo(6.7789345, 5),
      expect.closeTo(0, 12),
      expect.closeTo(8.3086129, 5),
      expect.closeTo(8.3086129, 5),
      expect.closeTo(8.3086129, 5),
    ]);
    expect(decisions.map((decision) => decision.outlier)).toEqual([false, false, false, true, false, true, true, true]);
    expect(decisions.map((decision) => decision.consecutiveOutliers)).toEqual([0, 0, 0, 1, 0, 1, 2, 1]);
    expect(decisions.map((decision) => decision.spike)).toEqual([false, false, false, false, false, false, true, false]);
    expect(decisions.map((decision) => decision.onsetStep)).toEqual([null, null, null, 3, null, 5, 5, 7]);
    expect(detector.getState()).toMatchObject({ mean: 2.5, variance: expect.closeTo(0.61202569, 10), spikes: 1, consecutiveOutliers: 1, onsetStep: 7 });
  });

  it('should count a non-finite loss as an outlier without touching the statistics', () => {
    const detector = createSpikeDetector(options);
    [1, 3].forEach((loss, step) => detector.observe(step, loss));
    const decision = detector.observe(2, Number.NaN);
    expect(decision).toMatchObject({ outlier: true, zScore: Number.POSITIVE_INFINITY, consecutiveOutliers: 1, onsetStep: 2 });
    expect(detector.getState()).toMatchObject({ mean: 2, variance: expect.closeTo(1.4826 ** 2, 12) });
  });

  it('should need z > 6 for 3 steps after 50 warm-up steps by default', () => {
    const detector = createSpikeDetector();
    for (let step = 0; step < 50; step++) expect(detector.observe(step, step % 2 === 0 ? 1 : 1.2).zScore).toBeNull();
    // the last 10 losses: median 1.1, MAD 0.1, so σ = 0.14826: a loss of 2.1 is z = 1 / (0.14826 + 1e-8) ≈ 6.74
    const decisions = [50, 51, 52].map((step) => detector.observe(step, 2.1));
    expect(decisions[0]?.zScore).toBeCloseTo(1 / (0.1 * 1.4826 + 1e-8), 6);
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

  it('should need a rise of minRelativeRise above the mean as well as the z-score', () => {
    const detector = createSpikeDetector({ ...options, minRelativeRise: 0.5 });
    [1, 1.02].forEach((loss, step) => detector.observe(step, loss)); // mean 1.01, σ 0.0148
    expect(detector.observe(2, 1.4)).toMatchObject({ outlier: false }); // z ≈ 26, but only 39% above the mean
    expect(detector.observe(3, 3)).toMatchObject({ outlier: true }); // (the EMA took in 1.4: mean 1.205, σ ≈ 0.14)
  });

  it('should keep a warm-up loss far above the warm-up median out of the baseline', () => {
    const detector = createSpikeDetector({ warmupSteps: 8, warmupOutlierFactor: 4 });
    [2.3, 2.1, 1.9, 1.8, 1.7].forEach((loss, step) => expect(detector.observe(step, loss).outlier).toBe(false));
    expect(detector.observe(5, 40)).toMatchObject({ outlier: true, zScore: null });
    expect(detector.observe(6, Number.NaN)).toMatchObject({ outlier: true, zScore: null });
    expect(detector.getState().warmupLosses).toEqual([2.3, 2.1, 1.9, 1.8, 1.7]);
  });

  it('should warm up again after rebaseline', () => {
    const detector = createSpikeDetector(options);
    [1, 3, 3].forEach((loss, step) => detector.observe(step, loss));
    detector.rebaseline();
    expect(detector.getState()).toMatchObject({ mean: null, variance: null, warmupLosses: [] });
    expect(detector.observe(3, 10).zScore).toBeNull();
  });
});
