import { describe, expect, it } from 'vitest';
import { createZClip } from '../../../trainer/fuses/create-zclip';

describe('createZClip', () => {
  // Hand-worked with warm-up 2, α = 0.5, z_thr = 2, ε = 1e-6:
  //   warm-up norms 1, 3           → mean 2, variance ((1−2)² + (3−2)²)/2 = 1
  //   norm 4:  z = 2/(1+ε) < 2     → no clip; mean = 3, variance = ½·1 + ½·(4−3)² = 1
  //   norm 13: z = 10/(1+ε) > 2    → threshold = 3 + 2·1/(z/2) = 3 + 0.4·(1+ε) = 3.4000004
  //            EMA on 3.4000004    → mean = 3.2000002, variance = ½ + ½·0.2000002² = 0.52000004000002
  it('should follow the hand-worked threshold sequence', () => {
    const zclip = createZClip({ warmupSteps: 2, alpha: 0.5, zThreshold: 2 });
    const first = zclip.observe(1);
    expect(first).toEqual({ norm: 1, threshold: Number.POSITIVE_INFINITY, clip: false, zScore: null, warmingUp: true });
    expect(zclip.observe(3).warmingUp).toBe(true);
    expect(zclip.getState()).toMatchObject({ mean: 2, variance: 1, warmupNorms: [] });

    const calm = zclip.observe(4);
    expect(calm.warmingUp).toBe(false);
    expect(calm.zScore).toBeCloseTo(2 / (1 + 1e-6), 12);
    expect(calm.clip).toBe(false);
    expect(calm.threshold).toBe(Number.POSITIVE_INFINITY);
    expect(zclip.getState()).toMatchObject({ mean: 3, variance: 1 });

    const spike = zclip.observe(13);
    expect(spike.zScore).toBeCloseTo(10 / (1 + 1e-6), 12);
    expect(spike.clip).toBe(true);
    expect(spike.threshold).toBeCloseTo(3.4000004, 12);
    const state = zclip.getState();
    expect(state.mean).toBeCloseTo(3.2000002, 12);
    expect(state.variance).toBeCloseTo(0.52000004000002, 12);
    expect(state.clippedSteps).toBe(1);
    expect(state.lastThreshold).toBeCloseTo(3.4000004, 12);

    const back = zclip.observe(3.2000002);
    expect(back.zScore).toBeCloseTo(0, 12);
    expect(back.clip).toBe(false);
    expect(zclip.getState().lastThreshold).toBeNull();
  });

  it('should cap the threshold at maxGradNorm, also during warm-up', () => {
    const zclip = createZClip({ warmupSteps: 2, alpha: 0.5, zThreshold: 2, maxGradNorm: 2.5 });
    expect(zclip.observe(1)).toMatchObject({ threshold: 2.5, clip: false });
    expect(zclip.observe(3)).toMatchObject({ threshold: 2.5, clip: true, warmingUp: true });
    expect(zclip.observe(4)).toMatchObject({ threshold: 2.5, clip: true });
    // The adaptive threshold (3.4000004) is above the cap; the EMA still uses the adaptive value.
    expect(zclip.observe(13)).toMatchObject({ threshold: 2.5, clip: true });
    expect(zclip.getState().mean).toBeCloseTo(3.2000002, 12);
  });

  it('should warm up for 25 steps by default', () => {
    const zclip = createZClip();
    for (let step = 0; step < 24; step++) zclip.observe(1 + (step % 2));
    expect(zclip.getState().mean).toBeNull();
    expect(zclip.getState().warmupNorms).toHaveLength(24);
    zclip.observe(2); // norms: twelve 1s, thirteen 2s
    expect(zclip.getState().mean).toBeCloseTo(38 / 25, 12);
    expect(zclip.getState().variance).toBeCloseTo((12 * (1 - 1.52) ** 2 + 13 * (2 - 1.52) ** 2) / 25, 12);
  });

  it('should continue identically from a JSON round trip of its state', () => {
    const original = createZClip({ warmupSteps: 2, alpha: 0.5, zThreshold: 2 });
    [1, 3, 4].forEach((norm) => original.observe(norm));
    const copy = createZClip({ warmupSteps: 2, alpha: 0.5, zThreshold: 2 });
    copy.loadState(JSON.parse(JSON.stringify(original.getState())));
    expect(copy.observe(13)).toEqual(original.observe(13));
    expect(copy.getState()).toEqual(original.getState());
  });

  it('should refuse an invalid saved state and a non-finite norm', () => {
    const zclip = createZClip();
    expect(() => zclip.loadState({ warmupNorms: [], mean: 1, variance: null, clippedSteps: 0, lastThreshold: null })).toThrow(
      /mean and variance must both be set/,
    );
    expect(() => zclip.loadState({ warmupNorms: 'x' })).toThrow(/ZClip: invalid saved state at "warmupNorms"/);
    expect(() => zclip.observe(Number.NaN)).toThrow(/norm NaN is not a finite/);
  });
});
