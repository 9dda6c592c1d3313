import { describe, expect, it } from 'vitest';
import { createRollbackPolicy, rollbackTarget } from '../../../trainer/fuses/create-rollback-policy';
import type { SnapshotSummary } from '../../../trainer/fuses/create-rollback-policy';

/** Snapshots at `steps` whose probe loss falls as training goes on (the healthy case). */
function healthy(...steps: number[]): SnapshotSummary[] {
  return steps.map((step) => ({ step, probeLoss: 2 - step / 1000 }));
}

describe('createRollbackPolicy', () => {
  it('should roll back to the newest healthy snapshot before the onset and skip past the judging step', () => {
    const policy = createRollbackPolicy();
    expect(policy.decide({ step: 203, onsetStep: 201 }, healthy(0, 100, 200))).toEqual({
      action: 'rollback',
      snapshotStep: 200,
      resumeAt: 304,
      skipped: 100,
      lrScale: 0.5,
      rollbacksUsed: 1,
      escalation: 1,
    });
  });

  it('should not pick a snapshot taken at the onset step', () => {
    const policy = createRollbackPolicy();
    const decision = policy.decide({ step: 202, onsetStep: 200 }, healthy(200, 0, 100));
    expect(decision).toMatchObject({ action: 'rollback', snapshotStep: 100, resumeAt: 303 });
  });

  it('should pass over a newer snapshot whose probe loss says it already holds damage', () => {
    const snapshots = [{ step: 100, probeLoss: 0.6 }, { step: 200, probeLoss: 3.1 }, { step: 0, probeLoss: 2.3 }];
    expect(rollbackTarget(snapshots, 250)).toEqual({ step: 100, probeLoss: 0.6 });
    expect(createRollbackPolicy().decide({ step: 260, onsetStep: 250 }, snapshots)).toMatchObject({ snapshotStep: 100 });
    expect(rollbackTarget([{ step: 10, probeLoss: 1 }, { step: 20, probeLoss: 1 }], 30)?.step).toBe(20); // a tie: the newest
    expect(rollbackTarget(snapshots, 0)).toBeUndefined();
  });

  it('should escalate rollbacks that come close together: the skip doubles and the LR backs off further', () => {
    const policy = createRollbackPolicy({ maxRollbacks: 10, maxSkipSteps: 350 });
    const at = [1000, 1150, 1500, 2300, 9000];
    const decisions = at.map((step) => policy.decide({ step, onsetStep: step - 2 }, healthy(900)));
    expect(decisions.map((decision) => (decision.action === 'rollback' ? [decision.escalation, decision.skipped, decision.lrScale] : null))).toEqual([
      [1, 100, 0.5],
      [2, 200, 0.25], // 150 steps after the last: within 4 skips
      [3, 350, 0.125], // 400 would pass maxSkipSteps
      [4, 350, 0.0625], // 800 after a 350 skip: still within 4 × 350
      [1, 100, 0.03125], // a quiet spell: the skip starts over, the backoff still compounds
    ]);
  });

  it('should stop rolling back when the budget is spent, unless the weights are broken', () => {
    const policy = createRollbackPolicy();
    const decisions = [1, 2, 3, 4].map(() => policy.decide({ step: 150, onsetStep: 148 }, healthy(100)));
    expect(decisions.slice(0, 3).map((decision) => (decision.action === 'rollback' ? decision.lrScale : 0))).toEqual([0.5, 0.25, 0.125]);
    expect(decisions[3]).toEqual({
      action: 'none',
      reason: 'budget-spent',
      rollbacksUsed: 3,
      message: 'damage judged at step 150 (onset 148): all 3 rollbacks spent; going on with clipping and skipping',
    });
    expect(policy.remaining).toBe(0);
    expect(policy.decide({ step: 150, onsetStep: 148, force: true }, healthy(100))).toMatchObject({ action: 'rollback', rollbacksUsed: 4 });
  });

  it('should refuse when no snapshot predates the onset', () => {
    const policy = createRollbackPolicy({ maxRollbacks: 5, lrBackoff: 0.1 });
    expect(policy.decide({ step: 12, onsetStep: 10 }, healthy(10, 20))).toEqual({
      action: 'none',
      reason: 'no-snapshot',
      rollbacksUsed: 0,
      message: 'damage judged at step 12 (onset 10): no snapshot predates the onset (kept: 10, 20)',
    });
  });

  it('should continue identically from a JSON round trip of its state', () => {
    const original = createRollbackPolicy({ lrBackoff: 0.1 });
    original.decide({ step: 5, onsetStep: 3 }, healthy(0));
    const copy = createRollbackPolicy({ lrBackoff: 0.1 });
    copy.loadState(JSON.parse(JSON.stringify(original.getState())));
    expect(copy.decide({ step: 9, onsetStep: 7 }, healthy(0))).toEqual(original.decide({ step: 9, onsetStep: 7 }, healthy(0)));
    expect(copy.getState()).toEqual({ rollbacksUsed: 2, lrScale: expect.closeTo(0.01, 15), cleanSteps: 0, lastRollbackStep: 9, lastSkip: 200, escalation: 2 });
  });

  it('should refuse an invalid saved state', () => {
    expect(() => createRollbackPolicy().loadState({ rollbacksUsed: 1 })).toThrow(/RollbackPolicy: invalid saved state at "lrScale"/);
  });

  it('should recover the learning-rate scale after lrRecoverySteps clean steps, up to 1', () => {
    const policy = createRollbackPolicy({ lrBackoff: 0.1, lrRecoverySteps: 3, maxRollbacks: 5 });
    policy.decide({ step: 10, onsetStep: 8 }, healthy(0));
    policy.decide({ step: 12, onsetStep: 11 }, healthy(0));
    expect(policy.lrScale).toBeCloseTo(0.01, 15);
    const scales = Array.from({ length: 7 }, () => policy.observeCleanStep());
    expect(scales.map((scale) => Number(scale.toPrecision(6)))).toEqual([0.01, 0.01, 0.1, 0.1, 0.1, 1, 1]);
  });

  it('should never recover when lrRecoverySteps is 0', () => {
    const policy = createRollbackPolicy({ lrBackoff: 0.5 });
    policy.decide({ step: 10, onsetStep: 8 }, healthy(0));
    for (let step = 0; step < 10; step++) expect(policy.observeCleanStep()).toBe(0.5);
  });
});
