import { describe, expect, it } from 'vitest';
import { createNonFiniteGuard } from '../../../trainer/fuses/create-non-finite-guard';

describe('createNonFiniteGuard', () => {
  it('should skip non-finite steps and reset the streak on a finite one', () => {
    const guard = createNonFiniteGuard({ maxConsecutiveSkips: 3 });
    expect(guard.observe(0, true)).toEqual({ action: 'apply' });
    expect(guard.observe(1, false)).toEqual({ action: 'skip', consecutiveSkips: 1 });
    expect(guard.observe(2, false)).toEqual({ action: 'skip', consecutiveSkips: 2 });
    expect(guard.observe(3, true)).toEqual({ action: 'apply' });
    expect(guard.getState()).toEqual({ skippedSteps: 2, consecutiveSkips: 0, firstSkippedStep: null });
  });

  it('should say stop, with the steps and the limit, after N skips in a row', () => {
    const guard = createNonFiniteGuard({ maxConsecutiveSkips: 3 });
    guard.observe(4, false);
    guard.observe(5, false);
    const decision = guard.observe(6, false);
    expect(decision.action).toBe('stop');
    expect(decision).toMatchObject({ consecutiveSkips: 3 });
    expect(decision.action === 'stop' ? decision.message : '').toMatch(
      /^non-finite loss or gradients \(NaN\/Inf\) for 3 consecutive steps \(steps 4–6, limit 3\)/,
    );
  });

  it('should stop at the 25th skip in a row by default', () => {
    const guard = createNonFiniteGuard();
    const actions = Array.from({ length: 25 }, (_, step) => guard.observe(step, false).action);
    expect(actions.slice(0, 24).every((action) => action === 'skip')).toBe(true);
    expect(actions[24]).toBe('stop');
  });

  it('should continue identically from a JSON round trip of its state', () => {
    const original = createNonFiniteGuard({ maxConsecutiveSkips: 3 });
    original.observe(0, false);
    original.observe(1, false);
    const copy = createNonFiniteGuard({ maxConsecutiveSkips: 3 });
    copy.loadState(JSON.parse(JSON.stringify(original.getState())));
    expect(copy.observe(2, false)).toEqual(original.observe(2, false));
  });

  it('should refuse an invalid saved state', () => {
    const guard = createNonFiniteGuard();
    expect(() => guard.loadState({ skippedSteps: -1, consecutiveSkips: 0, firstSkippedStep: null })).toThrow(
      /NonFiniteGuard: invalid saved state at "skippedSteps"/,
    );
  });
});
