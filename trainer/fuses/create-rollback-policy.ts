import { z } from 'zod';
import { parseFuseState } from './parse-fuse-state';

/** Rollback policy options. */
export interface RollbackPolicyOptions {
  /** Rollbacks allowed over the whole run; the next spike stops it. Default 3. */
  maxRollbacks?: number;
  /** The learning rate is multiplied by this after each rollback (cumulatively). Default 0.5. */
  lrBackoff?: number;
  /**
   * After this many clean steps without a rollback, the learning-rate scale is divided by
   * `lrBackoff` again (up to 1), so a transient explosion does not slow the rest of the run.
   * 0 = never recover. Default 0.
   */
  lrRecoverySteps?: number;
}

/** A detected spike, as the spike detector reports it. */
export interface SpikeReport {
  /** The step at which the spike was confirmed. */
  step: number;
  /** The first outlier step of the spike. */
  onsetStep: number;
}

/** What the loop should do about a spike. */
export type RollbackDecision =
  | {
      action: 'rollback';
      /** Restore the snapshot taken at this step and resume the optimizer there. */
      snapshotStep: number;
      /**
       * The batches the loop fed at steps `fromStep … toStep` (inclusive: from the snapshot to the
       * confirmed spike) are not to be fed again; the data stream resumes at `toStep + 1`.
       */
      skipBatches: { fromStep: number; toStep: number };
      /** Multiply the scheduled learning rate by this from now on (`lrBackoff ^ rollbacksUsed`). */
      lrScale: number;
      rollbacksUsed: number;
    }
  | { action: 'stop'; rollbacksUsed: number; message: string };

const rollbackPolicyStateSchema = z
  .object({
    rollbacksUsed: z.number().int().nonnegative(),
    lrScale: z.number().positive(),
    cleanSteps: z.number().int().nonnegative(),
  })
  .strict();

/** The policy's state as plain JSON, for telemetry and checkpoints. */
export type RollbackPolicyState = z.infer<typeof rollbackPolicyStateSchema>;

/** Decides whether and where to roll back after a loss spike. */
export interface RollbackPolicy {
  /** `snapshotSteps`: the steps of the snapshots currently kept (any order). */
  decide(spike: SpikeReport, snapshotSteps: readonly number[]): RollbackDecision;
  /** Counts one clean optimizer step; returns the learning-rate scale in force after it. */
  observeCleanStep(): number;
  /** The learning-rate scale in force (1 until the first rollback). */
  readonly lrScale: number;
  getState(): RollbackPolicyState;
  loadState(json: unknown): void;
}

/**
 * Bounded rollback with learning-rate backoff: on a spike, go back to the newest snapshot taken
 * strictly before the spike's onset (a snapshot taken at the onset step may already hold the
 * update that caused it), skip the batches between that snapshot and the spike, and scale the
 * learning rate down. Stops when the budget is spent or no snapshot predates the onset.
 *
 * @example
 * const decision = policy.decide({ step, onsetStep }, store.snapshots.map((s) => s.meta.step));
 */
export function createRollbackPolicy(options: RollbackPolicyOptions = {}): RollbackPolicy {
  const maxRollbacks = options.maxRollbacks ?? 3;
  const lrBackoff = options.lrBackoff ?? 0.5;
  const lrRecoverySteps = options.lrRecoverySteps ?? 0;
  if (!Number.isInteger(lrRecoverySteps) || lrRecoverySteps < 0) {
    throw new RangeError(`RollbackPolicy: lrRecoverySteps must be an integer ≥ 0, got ${lrRecoverySteps}`);
  }
  if (!Number.isInteger(maxRollbacks) || maxRollbacks < 0) {
    throw new RangeError(`RollbackPolicy: maxRollbacks must be an integer ≥ 0, got ${maxRollbacks}`);
  }
  if (!(lrBackoff > 0 && lrBackoff <= 1)) throw new RangeError(`RollbackPolicy: lrBackoff must be in (0, 1], got ${lrBackoff}`);
  let state: RollbackPolicyState = { rollbacksUsed: 0, lrScale: 1, cleanSteps: 0 };
  return {
    decide(spike, snapshotSteps) {
      const { rollbacksUsed } = state;
      if (rollbacksUsed >= maxRollbacks) {
        return {
          action: 'stop',
          rollbacksUsed,
          message: `loss spike at step ${spike.step} (onset ${spike.onsetStep}) after ${rollbacksUsed} of ${maxRollbacks} allowed rollbacks; stopping`,
        };
      }
      const candidates = snapshotSteps.filter((step) => step < spike.onsetStep);
      if (candidates.length === 0) {
        const kept = snapshotSteps.length === 0 ? 'none' : [...snapshotSteps].sort((a, b) => a - b).join(', ');
        return {
          action: 'stop',
          rollbacksUsed,
          message: `loss spike at step ${spike.step} (onset ${spike.onsetStep}) but no snapshot predates the onset (kept: ${kept}); stopping`,
        };
      }
      const snapshotStep = Math.max(...candidates);
      state = { rollbacksUsed: rollbacksUsed + 1, lrScale: state.lrScale * lrBackoff, cleanSteps: 0 };
      return {
        action: 'rollback',
        snapshotStep,
        skipBatches: { fromStep: snapshotStep, toStep: spike.step },
        lrScale: state.lrScale,
        rollbacksUsed: state.rollbacksUsed,
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
    getState() {
      return { ...state };
    },
    loadState(json) {
      state = { ...parseFuseState(rollbackPolicyStateSchema, json, 'RollbackPolicy') };
    },
  };
}
