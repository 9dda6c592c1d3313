import type { TrainConfig } from '../config/train-config';
import type { FuseSet } from '../fuses';
import type { GradientResult } from './compute-gradients';
import { TrainingHaltedError } from './training-errors';

/** What the guards decided about one step's gradients. */
export interface GuardVerdict {
  /** Do not apply this step's update. */
  skip: boolean;
  /** Roll back to a snapshot from before this step (the anomaly's onset), or null. */
  rollbackFrom: number | null;
  /** `overflow`, `skip:nonfinite` when they happened. */
  events: string[];
}

/**
 * The guard phase: the loss scaler first (an overflow is its signal to back off), then the
 * non-finite guard (skip; a long streak asks for a rollback; a longer one halts), then the
 * spike detector on finite losses. Throws `TrainingHaltedError` when the run cannot go on.
 */
export function guardStep(fuses: FuseSet, config: TrainConfig, step: number, result: GradientResult): GuardVerdict {
  const verdict: GuardVerdict = { skip: false, rollbackFrom: null, events: [] };
  if (fuses.scaler?.update(!result.finite).skipStep) {
    verdict.skip = true;
    verdict.events.push('overflow');
  }
  if (fuses.guard) {
    const decision = fuses.guard.observe(step, result.finite);
    if (decision.action === 'stop') throw new TrainingHaltedError(decision.message);
    if (decision.action === 'skip') {
      verdict.skip = true;
      verdict.events.push('skip:nonfinite');
      if (fuses.rollback && decision.consecutiveSkips >= config.rollbackAfterSkips) {
        verdict.rollbackFrom = fuses.guard.getState().firstSkippedStep ?? step;
      }
    }
  }
  if (fuses.spikes && result.finite && !verdict.skip) {
    const spike = fuses.spikes.observe(step, result.loss);
    if (spike.spike) verdict.rollbackFrom = spike.onsetStep ?? step;
  }
  return verdict;
}
