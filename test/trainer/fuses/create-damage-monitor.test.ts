import { describe, expect, it } from 'vitest';
import { createDamageMonitor } from '../../../trainer/fuses/create-damage-monitor';

describe('createDamageMonitor', () => {
  it('should ask for a judgement once an anomaly persists, then every rejudgeEvery anomalous steps', () => {
    const monitor = createDamageMonitor({ persistentSteps: 3, rejudgeEvery: 4 });
    const checks = Array.from({ length: 12 }, (_, index) => monitor.observe(100 + index, true));
    const judged = checks.flatMap((check, index) => (check.action === 'judge' ? [100 + index] : []));
    expect(judged).toEqual([102, 106, 110]);
    expect(checks[2]).toEqual({ action: 'judge', onsetStep: 100, closing: false });
    expect(monitor.onsetStep).toBe(100);
  });

  it('should judge a passed anomaly after settleSteps normal steps and start over after close', () => {
    const monitor = createDamageMonitor({ settleSteps: 3 });
    expect(monitor.observe(10, false)).toEqual({ action: 'none' }); // nothing under watch
    expect(monitor.observe(11, true)).toEqual({ action: 'none' }); // one NaN batch: not yet persistent
    expect([12, 13].map((step) => monitor.observe(step, false).action)).toEqual(['none', 'none']);
    expect(monitor.observe(14, false)).toEqual({ action: 'judge', onsetStep: 11, closing: true });
    monitor.close();
    expect(monitor.onsetStep).toBeNull();
    expect(monitor.observe(15, false)).toEqual({ action: 'none' });
  });

  it('should call a clear rise of the probe loss damage, and a non-finite one always', () => {
    const monitor = createDamageMonitor({ relativeTolerance: 0.1, absoluteTolerance: 0.02 });
    expect(monitor.isDamage(0.5, 0.5)).toBe(false);
    expect(monitor.isDamage(0.5 * 1.1 + 0.019, 0.5)).toBe(false);
    expect(monitor.isDamage(0.5 * 1.1 + 0.021, 0.5)).toBe(true);
    expect(monitor.isDamage(0.3, 0.5)).toBe(false); // better than the snapshot: training went on
    expect(monitor.isDamage(Number.NaN, 0.5)).toBe(true);
    expect(monitor.isDamage(Number.POSITIVE_INFINITY, 0.5)).toBe(true);
  });

  it('should continue identically from a JSON round trip of its state and refuse a bad one', () => {
    const original = createDamageMonitor();
    original.observe(4, true);
    original.observe(5, true);
    const copy = createDamageMonitor();
    copy.loadState(JSON.parse(JSON.stringify(original.getState())));
    expect(copy.observe(6, true)).toEqual(original.observe(6, true));
    expect(() => copy.loadState({ onsetStep: -1, anomalousStreak: 0, normalStreak: 0 })).toThrow(/DamageMonitor: invalid saved state at "onsetStep"/);
  });
});
