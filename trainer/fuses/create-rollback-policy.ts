import { z } from 'zod';
import { parseFuseState } from './parse-fuse-state';

/** Rollback policy options. */
export interface RollbackPolicyOptions {
  /** Rollbacks allowed over the whole run (a forced rollback of broken weights is always allowed). Default 3. */
  maxRollbacks?: number;
  /** The learning rate is multiplied by this after each rollback (cumulatively). Default 0.5. */
  lrBackoff?: number;
  /**
   * After this many clean steps without a rollback, the learning-rate scale is divided by
   * `lrBackoff` again (up to 1), so a transient explosion does not slow the rest of the run.
   * 0 = never recover. Default 0.
   */
  lrRecoverySteps?: number;
  /** Batches skipped after a rollback, past the step that triggered it. Default 100. */
  skipSteps?: number;
  /** The most a skip grows to under escalation. Default 1600. */
  maxSkipSteps?: number;
}

/** What the loop knows of a kept snapshot. */
export interface SnapshotSummary {
  step: number;
  /** Loss of the clean probe batch on the snapshot's weights (lower is healthier). */
  probeLoss: number;
}

/** A rollback request: the step that judged the damage and the anomaly's first step. */
export interface DamageReport {
  step: number;
  onsetStep: number;
  /** The weights cannot be kept finite: roll back even when the budget is spent. */
  force?: boolean;
}

/** What the loop should do about damage. */
export type RollbackDecision =
  | {
      action: 'rollback';
      /** Restore the snapshot taken at this step. */
      snapshotStep: number;
      /** The data stream resumes here (the batches in between are not fed again). */
      resumeAt: number;
      /** Batches skipped past the judging step (`skipSteps`, doubled per escalation). */
      skipped: number;
      /** Multiply the scheduled learning rate by this from now on. */
      lrScale: number;
      rollbacksUsed: number;
      /** Rollbacks in a row, each within a short window of the last (1 = not escalated). */
      escalation: number;
    }
  | { action: 'none'; reason: 'no-snapshot' | 'budget-spent'; rollbacksUsed: number; message: string };

const rollbackPolicyStateSchema = z
  .object({
    rollbacksUsed: z.number().int().nonnegative(),
    lrScale: z.number().positive(),
    cleanSteps: z.number().int().nonnegative(),
    /** The step of the last rollback and how far it skipped (null before the first). */
    lastRollbackStep: z.number().int().nonnegative().nullable(),
    lastSkip: z.number().int().nonnegative(),
    escalation: z.number().int().nonnegative(),
  })
  .strict();

/** The policy's state as plain JSON, for telemetry and checkpoints. */
export type RollbackPolicyState = z.infer<typeof rollbackPolicyStateSchema>;

/** Decides where to roll back to after damage, how far to skip and how far to back the LR off. */
export interface RollbackPolicy {
  /** `snapshots`: the kept snapshots (any order). */
  decide(damage: DamageReport, snapshots: readonly SnapshotSummary[]): RollbackDecision;
  /** Counts one clean optimizer step; returns the learning-rate scale in force after it. */
  observeCleanStep(): number;
  /** The learning-rate scale in force (1 until the first rollback). */
  readonly lrScale: number;
  /** Rollbacks the run may still spend (forced ones aside). */
  readonly remaining: number;
  /** Rollbacks the run may spend in all. */
  readonly budget: number;
  getState(): RollbackPolicyState;
  loadState(json: unknown): void;
}

/**
 * The snapshot a rollback for an anomaly starting at `onsetStep` goes back to: among those taken
 * strictly before the onset, the one with the lowest probe loss (the newest on a tie); undefined
 * when none predates the onset.
 */
export function rollbackTarget(snapshots: readonly SnapshotSummary[], onsetStep: number): SnapshotSummary | undefined {
  let best: SnapshotSummary | undefined;
  for (const snapshot of snapshots) {
    if (snapshot.step >= onsetStep) continue;
    if (best === undefined || snapshot.probeLoss < best.probeLoss || (snapshot.probeLoss === best.probeLoss && snapshot.step > best.step)) best = snapshot;
  }
  return best;
}

/**
 * Bounded, escalating rollback with learning-rate backoff.
 *
 * - Target: among the snapshots taken strictly before the onset (one taken at the onset step may
 *   already hold the update that caused it), the one whose probe loss is lowest, the newest on a
 *   tie: a snapshot taken after a silent bad update scores worse and is passed over.
 * - Skip: `skipSteps` batches past the judging step; a rollback within 4 skips of the previous
 *   one escalates, doubling the skip (100, 200, 400, … up to `maxSkipSteps`). Each rollback also
 *   multiplies the LR scale by `lrBackoff`.
 * - Budget: `maxRollbacks` per run; when it is spent the decision is `none` and training goes on
 *   with clipping and skipping. A `force`d rollback (weights that cannot be kept finite) ignores it.
 *
 * @example
 * const decision = policy.decide({ step, onsetStep }, snapshots);
 */
export function createRollbackPolicy(options: RollbackPolicyOptions = {}): RollbackPolicy {
  const maxRollbacks = options.maxRollbacks ?? 3;
  const lrBackoff = options.lrBackoff ?? 0.5;
  const lrRecoverySteps = options.lrRecoverySteps ?? 0;
  const skipSteps = options.skipSteps ?? 100;
  const maxSkipSteps = options.maxSkipSteps ?? 1600;
  for (const [name, value] of Object.entries({ lrRecoverySteps, maxRollbacks, skipSteps, maxSkipSteps })) {
    if (!Number.isInteger(value) || value < 0) throw new RangeError(`RollbackPolicy: ${name} must be an integer ≥ 0, got ${value}`);
  }
  if (!(lrBackoff > 0 && lrBackoff <= 1)) throw new RangeError(`RollbackPolicy: lrBackoff must be in (0, 1], got ${lrBackoff}`);
  let state: RollbackPolicyState = { rollbacksUsed: 0, lrScale: 1, cleanSteps: 0, lastRollbackStep: null, lastSkip: 0, escalation: 0 };
  return {
    decide(damage, snapshots) {
      const { rollbacksUsed } = state;
      const where = `damage judged at step ${damage.step} (onset ${damage.onsetStep})`;
      if (rollbacksUsed >= maxRollbacks && damage.force !== true) {
        return { action: 'none', reason: 'budget-spent', rollbacksUsed, message: `${where}: all ${maxRollbacks} rollbacks spent; going on with clipping and skipping` };
      }
      const target = rollbackTarget(snapshots, damage.onsetStep);
      if (target === undefined) {
        const kept = snapshots.length === 0 ? 'none' : snapshots.map((snapshot) => snapshot.step).sort((a, b) => a - b).join(', ');
        return { action: 'none', reason: 'no-snapshot', rollbacksUsed, message: `${where}: no snapshot predates the onset (kept: ${kept})` };
      }
      const escalates = state.lastRollbackStep !== null && damage.step - state.lastRollbackStep <= 4 * Math.max(state.lastSkip, skipSteps);
      const escalation = escalates ? state.escalation + 1 : 1;
      const skipped = Math.min(maxSkipSteps, skipSteps * 2 ** (escalation - 1));
      state = { rollbacksUsed: rollbacksUsed + 1, lrScale: state.lrScale * lrBackoff, cleanSteps: 0, lastRollbackStep: damage.step, lastSkip: skipped, escalation };
      return {
        action: 'rollback',
        snapshotStep: target.step,
        resumeAt: damage.step + 1 + skipped,
        skipped,
        lrScale: state.lrScale,
        rollbacksUsed: state.rollbacksUsed,
        escalation,
      };
    },
    observeCleanStep() {
      if (lrRecoverySteps === 0 || state.lrScale >= 1) return state.lrScale;
      const cleanSteps = state.cleanSteps + 1;
      state =
        cleanSteps >= lrRecoverySteps
          ? { ...state, lrScale: Math.min(1, state.lrScale / lrBackoff), cleanSteps: 0 }
          : { ...state, cleanSteps };
      return state.lrScale;
    },
    get lrScale() {
      return state.lrScale;
    },
    get budget() {
      return maxRollbacks;
    },
    get remaining() {
      return Math.max(0, maxRollbacks - state.rollbacksUsed);
    },
    getState() {
      return { ...state };
    },
    loadState(json) {
      state = { ...parseFuseState(rollbackPolicyStateSchema, json, 'RollbackPolicy') };
    },
  };
}
