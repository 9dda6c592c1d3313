import type { TrainConfig } from '../config/train-config';
import { restoreModelState } from './train-state';
import type { TrainState } from './train-state';
import { TrainingHaltedError } from './training-errors';

/** Where the data stream goes on after a rollback, and the telemetry event that says so. */
export interface RollbackOutcome {
  resumeAt: number;
  event: string;
}

/**
 * Rolls back to the newest snapshot from before `onsetStep`: weights, Adam and the step fuses as
 * they were. The data stream goes on, so the batches consumed since the snapshot are skipped,
 * and so are the next `rollbackSkipSteps` (a bad stretch of data or schedule is passed over, as
 * in PaLM). Throws `TrainingHaltedError` when the policy refuses.
 */
export function applyRollback(state: TrainState, config: TrainConfig, totalSteps: number, step: number, onsetStep: number): RollbackOutcome {
  const { rollback, snapshots } = state.fuses;
  if (!rollback || !snapshots) throw new Error('applyRollback: rollback is off in this run');
  const decision = rollback.decide({ step, onsetStep }, snapshots.snapshots.map((snapshot) => snapshot.meta.step));
  if (decision.action === 'stop') throw new TrainingHaltedError(decision.message);
  const snapshot = snapshots.snapshots.find((candidate) => candidate.meta.step === decision.snapshotStep);
  if (snapshot === undefined) throw new Error(`rollback chose snapshot ${decision.snapshotStep}, which is not kept`);
  snapshots.restore(snapshot);
  snapshots.discardAfter(decision.snapshotStep);
  const { step: _snapshotStep, ...model } = snapshot.meta;
  restoreModelState(state, model);
  state.stream.rollbacks++;
  const resumeAt = Math.min(totalSteps, step + 1 + config.rollbackSkipSteps);
  return { resumeAt, event: `rollback:restore@${decision.snapshotStep},resume@${resumeAt}` };
}
