import { z } from 'zod';
import { parseFuseState } from './parse-fuse-state';

/** Non-finite guard options. */
export interface NonFiniteGuardOptions {
  /** Stop the run after this many skipped steps in a row. Default 25. */
  maxConsecutiveSkips?: number;
}

/** What the loop should do with this step's update. */
export type NonFiniteDecision =
  | { action: 'apply' }
  | { action: 'skip'; consecutiveSkips: number }
  | { action: 'stop'; consecutiveSkips: number; message: string };

const nonFiniteGuardStateSchema = z
  .object({
    /** Steps skipped over the whole run. */
    skippedSteps: z.number().int().nonnegative(),
    /** Steps skipped in a row up to the last observed step. */
    consecutiveSkips: z.number().int().nonnegative(),
    /** The step the current run of skips started at, or null. */
    firstSkippedStep: z.number().int().nonnegative().nullable(),
  })
  .strict();

/** The guard's state as plain JSON, for telemetry and checkpoints. */
export type NonFiniteGuardState = z.infer<typeof nonFiniteGuardStateSchema>;

/** Skips updates whose loss or gradients are not finite, and stops a run that cannot recover. */
export interface NonFiniteGuard {
  /** `finite` comes from `allFinite([loss, ...grads])`; `step` is only used in messages. */
  observe(step: number, finite: boolean): NonFiniteDecision;
  getState(): NonFiniteGuardState;
  loadState(json: unknown): void;
}

/**
 * Counts skipped steps: a finite step resets the streak and is applied; a non-finite one is skipped;
 * the `maxConsecutiveSkips`-th skip in a row returns `stop` with a message for the error the loop
 * throws.
 *
 * @example
 * const decision = guard.observe(step, finite);
 * if (decision.action === 'stop') throw new Error(decision.message);
 * if (decision.action === 'apply') optimizer.applyGradients(grads, lr);
 */
export function createNonFiniteGuard(options: NonFiniteGuardOptions = {}): NonFiniteGuard {
  const maxConsecutiveSkips = options.maxConsecutiveSkips ?? 25;
  if (!Number.isInteger(maxConsecutiveSkips) || maxConsecutiveSkips < 1) {
    throw new RangeError(`NonFiniteGuard: maxConsecutiveSkips must be an integer ≥ 1, got ${maxConsecutiveSkips}`);
  }
  let state: NonFiniteGuardState = { skippedSteps: 0, consecutiveSkips: 0, firstSkippedStep: null };
  return {
    observe(step, finite) {
      if (finite) {
        state.consecutiveSkips = 0;
        state.firstSkippedStep = null;
        return { action: 'apply' };
      }
      state.skippedSteps++;
      state.consecutiveSkips++;
      state.firstSkippedStep ??= step;
      const { consecutiveSkips } = state;
      if (consecutiveSkips >= maxConsecutiveSkips) {
        return {
          action: 'stop',
          consecutiveSkips,
          message:
            `non-finite loss or gradients (NaN/Inf) for ${consecutiveSkips} consecutive steps ` +
            `(steps ${state.firstSkippedStep}–${step}, limit ${maxConsecutiveSkips}); the run cannot recover. ` +
            'Lower the learning rate, enable gradient clipping, or check the input data for NaN/Inf.',
        };
      }
      return { action: 'skip', consecutiveSkips };
    },
    getState() {
      return { ...state };
    },
    loadState(json) {
      state = { ...parseFuseState(nonFiniteGuardStateSchema, json, 'NonFiniteGuard') };
    },
  };
}
