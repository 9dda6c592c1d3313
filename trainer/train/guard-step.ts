import type { TrainConfig } from '../config/train-config';
import { rollbackTarget } from '../fuses';
import type { FuseSet } from '../fuses';
import type { GradientResult } from './compute-gradients';
import type { Probe } from './create-probe';
import type { SnapshotProbes } from './snapshot-probes';
import type { ModelStateMeta } from './train-state';
import { TrainingHaltedError } from './training-errors';

/** Damage the guards found: what to roll back from, and the evidence. */
export interface JudgedDamage {
  /** First step of the anomaly: the rollback goes to a snapshot from before it. */
  onsetStep: number;
  /** The weights are not finite: roll back even when the budget is spent (or halt). */
  force: boolean;
  /** The probe batch's loss now, and at the snapshot the rollback would restore. */
  probeLoss: number;
  referenceLoss: number | null;
}

/** What the guards decided about one step's gradients. */
export interface GuardVerdict {
  /** Do not apply this step's update. */
  skip: boolean;
  /** Roll back, or null. */
  damage: JudgedDamage | null;
  /** The loss was an outlier: the mean loss of a typical batch (to trim the batch to), or null (none, or still warming up). */
  outlierLimit: number | null;
  /** `overflow`, `skip:nonfinite`, `contained@<onset>`, … when they happened (an outlier's event is the loop's: trimmed or skipped). */
  events: string[];
}

/** What the guards read besides the step's gradients. */
export interface GuardContext {
  fuses: FuseSet<ModelStateMeta>;
  config: TrainConfig;
  probe: Probe;
  snapshotProbes: SnapshotProbes;
}

/** The probe loss of the snapshot a rollback from `onsetStep` would restore, or null when there is none. */
async function referenceLoss({ fuses, snapshotProbes }: GuardContext, onsetStep: number): Promise<number | null> {
  const candidates = (fuses.snapshots?.snapshots ?? []).filter(({ meta }) => meta.step < onsetStep);
  return rollbackTarget(await snapshotProbes.summaries(candidates), onsetStep)?.probeLoss ?? null;
}

function format(loss: number): string {
  return Number.isFinite(loss) ? loss.toFixed(4) : String(loss);
}

/**
 * The guard phase:
 * 1. the loss scaler (an overflow is its signal to back off: skip);
 * 2. the non-finite guard (skip; after `maxConsecutiveSkips` in a row, weights that no longer give
 *    a finite probe loss must be restored, or the run halts; finite ones mean the data is bad);
 * 3. the spike detector: a loss outlier is skipped too (or, by the loop, trimmed to its examples
 *    that fit the baseline), so a bad batch never reaches the weights;
 * 4. the damage monitor: when an anomaly persists or has passed, the probe loss is compared with
 *    its value at the rollback target; only a clear rise is damage. A skipped NaN batch, or a
 *    clipped step that left the weights where they were, is contained.
 */
export async function guardStep(context: GuardContext, step: number, result: GradientResult): Promise<GuardVerdict> {
  const { fuses, config, probe } = context;
  const verdict: GuardVerdict = { skip: false, damage: null, outlierLimit: null, events: [] };
  if (fuses.scaler?.update(!result.finite).skipStep) {
    verdict.skip = true;
    verdict.events.push('overflow');
  }
  let streakLimit = false;
  if (fuses.guard) {
    const decision = fuses.guard.observe(step, result.finite);
    if (decision.action !== 'apply') {
      verdict.skip = true;
      verdict.events.push('skip:nonfinite');
      streakLimit = decision.action === 'stop';
    }
  }
  let outlier = false;
  if (fuses.spikes && result.finite && !verdict.skip) {
    outlier = fuses.spikes.observe(step, result.loss).outlier;
    if (outlier) {
      verdict.skip = true;
      verdict.outlierLimit = fuses.spikes.typicalLoss();
    }
  }

  // The non-finite streak is at its limit: are the weights themselves broken?
  if (streakLimit) {
    const probeLoss = await probe.loss();
    if (!Number.isFinite(probeLoss)) {
      const onsetStep = fuses.guard?.getState().firstSkippedStep ?? step;
      if (!fuses.rollback) {
        throw new TrainingHaltedError(
          `non-finite loss or gradients for ${config.maxConsecutiveSkips}+ consecutive steps and the weights no longer give a finite loss ` +
            `(probe loss ${format(probeLoss)}), with no snapshot to restore (rollback is off). ` +
            'Lower the learning rate, enable gradient clipping, or check the input data for NaN/Inf.',
        );
      }
      verdict.damage = { onsetStep, force: true, probeLoss, referenceLoss: await referenceLoss(context, onsetStep) };
      return verdict;
    }
  }

  const monitor = fuses.damage;
  if (!monitor) return verdict;
  const check = monitor.observe(step, !result.finite || outlier);
  if (check.action !== 'judge') return verdict;
  const reference = await referenceLoss(context, check.onsetStep);
  const probeLoss = await probe.loss();
  if (reference !== null && monitor.isDamage(probeLoss, reference)) {
    verdict.damage = { onsetStep: check.onsetStep, force: !Number.isFinite(probeLoss), probeLoss, referenceLoss: reference };
  } else if (check.closing) {
    monitor.close();
    verdict.events.push(`contained@${check.onsetStep}`);
  } else if (step - check.onsetStep + 1 >= config.maxOutlierSkips) {
    // A long anomaly that never harmed the weights: the loss level itself moved; accept it.
    fuses.spikes?.rebaseline();
    monitor.close();
    verdict.events.push(`rebaseline@${check.onsetStep}`);
  }
  return verdict;
}
