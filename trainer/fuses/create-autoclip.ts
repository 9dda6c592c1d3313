import { z } from 'zod';
import { parseFuseState } from './parse-fuse-state';
import { percentileOfSorted } from './percentile-of-sorted';

/** AutoClip hyper-parameters. */
export interface AutoClipOptions {
  /** Percentile (0–100) of the norms seen so far to clip at. Default 10. */
  percentile?: number;
}

/** What AutoClip decided for one step's gradient norm. */
export interface AutoClipDecision {
  norm: number;
  /** Clip the gradients to this global norm. */
  threshold: number;
  /** `norm > threshold`: the loop should call `clipByGlobalNorm(grads, threshold, norm)`. */
  clip: boolean;
}

const autoClipStateSchema = z
  .object({
    /** Every norm observed so far, ascending. */
    sortedNorms: z.array(z.number().nonnegative()),
    clippedSteps: z.number().int().nonnegative(),
    lastThreshold: z.number().nullable(),
  })
  .strict();

/** AutoClip's state as plain JSON, for telemetry and checkpoints. */
export type AutoClipState = z.infer<typeof autoClipStateSchema>;

/** Percentile clipping of the global gradient norm over the run's whole history. */
export interface AutoClip {
  observe(norm: number): AutoClipDecision;
  getState(): AutoClipState;
  loadState(json: unknown): void;
}

/** Index of the first element of ascending `sorted` greater than `value` (binary search). */
function upperBound(sorted: readonly number[], value: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((sorted[middle] as number) <= value) low = middle + 1;
    else high = middle;
  }
  return low;
}

/**
 * AutoClip (Seetharaman et al. 2020): clip at the p-th percentile of every global gradient norm seen
 * so far, the current one included, so the first step is never clipped. The percentile uses numpy's
 * default linear interpolation (see `percentileOfSorted`). The history is kept sorted (binary-search
 * insertion), so each step costs O(n) memory moves, not a sort.
 *
 * @example
 * const autoClip = createAutoClip({ percentile: 10 });
 * const { threshold } = autoClip.observe(norm);
 */
export function createAutoClip(options: AutoClipOptions = {}): AutoClip {
  const percentile = options.percentile ?? 10;
  if (!(percentile >= 0 && percentile <= 100)) {
    throw new RangeError(`AutoClip: percentile must be in [0, 100], got ${percentile}`);
  }
  let state: AutoClipState = { sortedNorms: [], clippedSteps: 0, lastThreshold: null };
  return {
    observe(norm) {
      if (!Number.isFinite(norm) || norm < 0) {
        throw new RangeError(`AutoClip: gradient norm ${norm} is not a finite non-negative number; run the non-finite guard first`);
      }
      state.sortedNorms.splice(upperBound(state.sortedNorms, norm), 0, norm);
      const threshold = percentileOfSorted(state.sortedNorms, percentile);
      const clip = norm > threshold;
      if (clip) state.clippedSteps++;
      state.lastThreshold = threshold;
      return { norm, threshold, clip };
    },
    getState() {
      return { ...state, sortedNorms: [...state.sortedNorms] };
    },
    loadState(json) {
      const loaded = parseFuseState(autoClipStateSchema, json, 'AutoClip');
      if (loaded.sortedNorms.some((value, index) => index > 0 && value < (loaded.sortedNorms[index - 1] as number))) {
        throw new Error('AutoClip: invalid saved state at "sortedNorms": not in ascending order');
      }
      state = { ...loaded, sortedNorms: [...loaded.sortedNorms] };
    },
  };
}
