import type { JudgedDamage } from './guard-step';
import type { SnapshotProbes } from './snapshot-probes';
import { restoreModelState } from './train-state';
import type { TrainState } from './train-state';
import { TrainingHaltedError } from './training-errors';

/** What a rollback request led to: where the data stream goes on, and the telemetry event that says so. */
export interface RollbackOutcome {
  /** The weights were restored (the step's update is not applied). */
  restored: boolean;
  resumeAt: number;
  /**
   * `rollback:restore@<snapshot>,resume@<step>,skipped=<n>,onset@<step>,probe=<loss>,ref=<loss>,lr×<scale>` or
   * `rollback:refused=<budget-spent|no-snapshot>` (training goes on with clipping and skipping).
   */
  event: string;
}

function format(loss: number | null): string {
  return loss === null ? 'none' : Number.isFinite(loss) ? loss.toFixed(4) : String(loss);
}

/**
 * Acts on judged damage: restores the snapshot the rollback policy picks (weights, Adam, the step
 * fuses), skips ahead in the data stream (escalating when rollbacks come close together) and
 * backs the LR off. When the policy refuses (budget spent, no snapshot), training goes on; only
 * weights that cannot be kept finite (`force`) with nothing to restore halt the run.
 */
export async function applyRollback(state: TrainState, snapshotProbes: SnapshotProbes, totalSteps: number, step: number, damage: JudgedDamage): Promise<RollbackOutcome> {
  const { rollback, snapshots, damage: monitor } = state.fuses;
  if (!rollback || !snapshots) throw new Error('applyRollback: rollback is off in this run');
  const summaries = await snapshotProbes.summaries(snapshots.snapshots.filter(({ meta }) => meta.step < damage.onsetStep));
  const decision = rollback.decide({ step, onsetStep: damage.onsetStep, force: damage.force }, summaries);
  if (decision.action === 'none') {
    if (damage.force) {
      throw new TrainingHaltedError(
        `the weights no longer give a finite loss (probe loss ${format(damage.probeLoss)}) and nothing can be restored: ${decision.message}. ` +
          'Lower the learning rate or enable gradient clipping.',
      );
    }
    // Nothing more to do about this anomaly: go on from these weights, with a baseline that accepts
    // their loss (outlier skipping against the old one would skip every batch from now on).
    monitor?.close();
    state.fuses.spikes?.rebaseline();
    return { restored: false, resumeAt: step + 1, event: `rollback:refused=${decision.reason}` };
  }
  const snapshot = snapshots.snapshots.find((candidate) => candidate.meta.step === decision.snapshotStep);
  if (snapshot === undefined) throw new Error(`rollback chose snapshot ${decision.snapshotStep}, which is not kept`);
  snapshots.restore(snapshot);
  snapshots.discardAfter(decision.snapshotStep);
  const { step: _snapshotStep, ...model } = snapshot.meta;
  restoreModelState(state, model);
  monitor?.close(); // the rollback dealt with the anomaly (a snapshot may have been taken while one was under watch)
  state.stream.rollbacks++;
  const resumeAt = Math.min(totalSteps, decision.resumeAt);
  return {
    restored: true,
    resumeAt,
    event:
      `rollback:restore@${decision.snapshotStep},resume@${resumeAt},skipped=${decision.skipped},onset@${damage.onsetStep},` +
      `probe=${format(damage.probeLoss)},ref=${format(damage.referenceLoss)},lr×${Number(decision.lrScale.toPrecision(3))}`,
  };
}
