import { describe, expect, it } from 'vitest';
import { createRollbackPolicy } from '../../../trainer/fuses/create-rollback-policy';

describe('createRollbackPolicy', () => {
  it('should roll back to the newest snapshot before the onset and skip the batches up to the spike', () => {
    const policy = createRollbackPolicy();
    expect(policy.decide({ step: 203, onsetStep: 201 }, [0, 100, 200])).toEqual({
      action: 'rollback',
      snapshotStep: 200,
      skipBatches: { fromStep: 200, toStep: 203 },
      lrScale: 0.5,
      rollbacksUsed: 1,
    });
  });

  it('should not pick a snapshot taken at the onset step', () => {
    const policy = createRollbackPolicy();
    const decision = policy.decide({ step: 202, onsetStep: 200 }, [200, 0, 100]);
    expect(decision).toMatchObject({ action: 'rollback', snapshotStep: 100, skipBatches: { fromStep: 100, toStep: 202 } });
  });

  it('should compound the LR backoff and stop after 3 rollbacks by default', () => {
    const policy = createRollbackPolicy();
    const decisions = [1, 2, 3, 4].map(() => policy.decide({ step: 150, onsetStep: 148 }, [100]));
    expect(decisions.slice(0, 3).map((decision) => (decision.action === 'rollback' ? decision.lrScale : 0))).toEqual([0.5, 0.25, 0.125]);
    expect(decisions[3]).toEqual({
      action: 'stop',
      rollbacksUsed: 3,
      message: 'loss spike at step 150 (onset 148) after 3 of 3 allowed rollbacks; stopping',
    });
  });

  it('should stop when no snapshot predates the onset', () => {
    const policy = createRollbackPolicy({ maxRollbacks: 5, lrBackoff: 0.1 });
    expect(policy.decide({ step: 12, onsetStep: 10 }, [10, 20])).toEqual({
      action: 'stop',
      rollbacksUsed: 0,
      message: 'loss spike at step 12 (onset 10) but no snapshot predates the onset (kept: 10, 20); stopping',
    });
  });

  it('should continue identically from a JSON round trip of its state', () => {
    const original = createRollbackPolicy({ lrBackoff: 0.1 });
    original.decide({ step: 5, onsetStep: 3 }, [0]);
    const copy = createRollbackPolicy({ lrBackoff: 0.1 });
    copy.loadState(JSON.parse(JSON.stringify(original.getState())));
    expect(copy.decide({ step: 5, onsetStep: 3 }, [0])).toEqual(original.decide({ step: 5, onsetStep: 3 }, [0]));
    expect(copy.getState()).toEqual({ rollbacksUsed: 2, lrScale: expect.closeTo(0.01, 15), cleanSteps: 0 });
  });

  it('should refuse an invalid saved state', () => {
    expect(() => createRollbackPolicy().loadState({ rollbacksUsed: 1 })).toThrow(/RollbackPolicy: invalid saved state at "lrScale"/);
  });

  it('should recover the learning-rate scale after lrRecoverySteps clean steps, up to 1', () => {
    const policy = createRollbackPolicy({ lrBackoff: 0.1, lrRecoverySteps: 3, maxRollbacks: 5 });
    policy.decide({ step: 10, onsetStep: 8 }, [0]);
    policy.decide({ step: 12, onsetStep: 11 }, [0]);
    expect(policy.lrScale).toBeCloseTo(0.01, 15);
    const scales = Array.from({ length: 7 }, () => policy.observeCleanStep());
    expect(scales.map((scale) => Number(scale.toPrecision(6)))).toEqual([0.01, 0.01, 0.1, 0.1, 0.1, 1, 1]);
  });

  it('should never recover when lrRecoverySteps is 0', () => {
    const policy = createRollbackPolicy({ lrBackoff: 0.5 });
    policy.decide({ step: 10, onsetStep: 8 }, [0]);
    for (let step = 0; step < 10; step++) expect(policy.observeCleanStep()).toBe(0.5);
  });
});
