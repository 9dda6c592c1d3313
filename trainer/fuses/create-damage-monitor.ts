import { z } from 'zod';
import { parseFuseState } from './parse-fuse-state';

/** Damage monitor options. */
export interface DamageMonitorOptions {
  /** Anomalous steps in a row after which the weights are judged while the anomaly lasts. Default 3. */
  persistentSteps?: number;
  /** While an anomaly lasts, judge again every this many anomalous steps. Default 50. */
  rejudgeEvery?: number;
  /** Normal steps after the last anomalous one that close an anomaly (with a last judgement). Default 5. */
  settleSteps?: number;
  /** A probe loss this much above the reference, relatively (plus `absoluteTolerance`), is damage. Default 0.1. */
  relativeTolerance?: number;
  /** Default 0.02. */
  absoluteTolerance?: number;
}

/** What the monitor wants after one step. */
export type DamageCheck =
  /** Nothing to judge. */
  | { action: 'none' }
  /** Judge the weights now; `closing`: the anomaly has passed and ends with this judgement. */
  | { action: 'judge'; onsetStep: number; closing: boolean };

const damageMonitorStateSchema = z
  .object({
    /** First anomalous step of the anomaly under watch, or null. */
    onsetStep: z.number().int().nonnegative().nullable(),
    anomalousStreak: z.number().int().nonnegative(),
    normalStreak: z.number().int().nonnegative(),
  })
  .strict();

/** The monitor's state as plain JSON, for snapshots and checkpoints. */
export type DamageMonitorState = z.infer<typeof damageMonitorStateSchema>;

/**
 * Watches for anomalies (a non-finite step, a loss outlier) and says when to judge whether they
 * harmed the weights: when an anomaly persists (`persistentSteps` anomalous steps in a row, then
 * every `rejudgeEvery`), and once it has passed (`settleSteps` normal steps). The loop judges by
 * comparing the loss of a fixed clean probe batch with its value at the snapshot it would roll
 * back to (`isDamage`): a skipped NaN step or a clipped step that left the weights where they were
 * is contained, not damage.
 *
 * @example
 * const check = monitor.observe(step, anomalous);
 * if (check.action === 'judge' && monitor.isDamage(probeLoss(), reference)) rollBack(check.onsetStep);
 */
export interface DamageMonitor {
  observe(step: number, anomalous: boolean): DamageCheck;
  /** True when `probeLoss` is non-finite or above `reference` by more than the tolerances. */
  isDamage(probeLoss: number, reference: number): boolean;
  /** Ends the anomaly under watch (judged contained once it passed). A rollback restores the state instead. */
  close(): void;
  /** The onset of the anomaly under watch, or null. */
  readonly onsetStep: number | null;
  getState(): DamageMonitorState;
  loadState(json: unknown): void;
}

export function createDamageMonitor(options: DamageMonitorOptions = {}): DamageMonitor {
  const persistentSteps = options.persistentSteps ?? 3;
  const rejudgeEvery = options.rejudgeEvery ?? 50;
  const settleSteps = options.settleSteps ?? 5;
  const relativeTolerance = options.relativeTolerance ?? 0.1;
  const absoluteTolerance = options.absoluteTolerance ?? 0.02;
  for (const [name, value] of Object.entries({ persistentSteps, rejudgeEvery, settleSteps })) {
    if (!Number.isInteger(value) || value < 1) throw new RangeError(`DamageMonitor: ${name} must be an integer ≥ 1, got ${value}`);
  }
  if (!(relativeTolerance >= 0) || !(absoluteTolerance >= 0)) {
    throw new RangeError(`DamageMonitor: tolerances must be ≥ 0, got ${relativeTolerance} and ${absoluteTolerance}`);
  }
  let state: DamageMonitorState = { onsetStep: null, anomalousStreak: 0, normalStreak: 0 };
  return {
    observe(step, anomalous) {
      if (anomalous) {
        state.onsetStep ??= step;
        state.anomalousStreak++;
        state.normalStreak = 0;
        const since = state.anomalousStreak - persistentSteps;
        return since >= 0 && since % rejudgeEvery === 0 ? { action: 'judge', onsetStep: state.onsetStep, closing: false } : { action: 'none' };
      }
      state.anomalousStreak = 0;
      if (state.onsetStep === null) return { action: 'none' };
      state.normalStreak++;
      return state.normalStreak >= settleSteps ? { action: 'judge', onsetStep: state.onsetStep, closing: true } : { action: 'none' };
    },
    isDamage(probeLoss, reference) {
      return !Number.isFinite(probeLoss) || probeLoss > reference * (1 + relativeTolerance) + absoluteTolerance;
    },
    close() {
      state = { onsetStep: null, anomalousStreak: 0, normalStreak: 0 };
    },
    get onsetStep() {
      return state.onsetStep;
    },
    getState() {
      return { ...state };
    },
    loadState(json) {
      state = { ...parseFuseState(damageMonitorStateSchema, json, 'DamageMonitor') };
    },
  };
}
