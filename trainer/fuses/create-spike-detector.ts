import { z } from 'zod';
import { parseFuseState } from './parse-fuse-state';

/** Loss-spike detector options. */
export interface SpikeDetectorOptions {
  /** EMA smoothing factor of the loss mean and variance. Default 0.98. */
  alpha?: number;
  /** z-score above which a loss is an outlier. Default 6. */
  zThreshold?: number;
  /** Outliers in a row that make a spike (M). Default 3. */
  consecutiveSteps?: number;
  /** Losses collected before detection starts (mean and variance initialised from them). Default 50. */
  warmupSteps?: number;
  /** Added to the standard deviation in the z-score. Default 1e-8. */
  epsilon?: number;
}

/** What the detector concluded from one step's loss. */
export interface SpikeDecision {
  /** True on the step that completes M outliers in a row; the streak then starts over. */
  spike: boolean;
  /** This loss is an outlier (z > threshold, or not finite). */
  outlier: boolean;
  /** `(loss − mean) / (std + ε)`; `null` while warming up. */
  zScore: number | null;
  /** Outliers in a row, this one included (0 after a normal loss; M on a spike). */
  consecutiveOutliers: number;
  /** The step the current streak of outliers started at, or `null`. */
  onsetStep: number | null;
}

const spikeDetectorStateSchema = z
  .object({
    warmupLosses: z.array(z.number()),
    mean: z.number().nullable(),
    variance: z.number().nonnegative().nullable(),
    consecutiveOutliers: z.number().int().nonnegative(),
    onsetStep: z.number().int().nonnegative().nullable(),
    spikes: z.number().int().nonnegative(),
  })
  .strict();

/** The detector's state as plain JSON, for telemetry, checkpoints and rollback snapshots. */
export type SpikeDetectorState = z.infer<typeof spikeDetectorStateSchema>;

/** Watches the training loss for sustained spikes. */
export interface SpikeDetector {
  observe(step: number, loss: number): SpikeDecision;
  /** The step the current streak of outliers started at, or `null` when the last loss was normal. */
  readonly onsetStep: number | null;
  getState(): SpikeDetectorState;
  loadState(json: unknown): void;
}

/**
 * Flags a loss spike when the loss stays more than `zThreshold` standard deviations above its EMA
 * for `consecutiveSteps` steps in a row.
 *
 * - Warm-up: the first `warmupSteps` losses initialise mean (average) and variance (population
 *   variance); no detection meanwhile.
 * - Each later loss: z = (loss − mean) / (std + ε). A non-outlier updates the EMA the way ZClip does
 *   (mean ← α·mean + (1 − α)·loss, then variance ← α·variance + (1 − α)·(loss − mean)² with the new
 *   mean). Outliers (and non-finite losses) do *not* update it, so a spike cannot drag the baseline
 *   up and hide itself.
 * - After a spike is reported the streak resets; to undo the statistics too, restore the state saved
 *   with the snapshot you roll back to (`loadState`).
 *
 * @example
 * const decision = detector.observe(step, loss);
 * if (decision.spike) rollback(decision.onsetStep);
 */
export function createSpikeDetector(options: SpikeDetectorOptions = {}): SpikeDetector {
  const alpha = options.alpha ?? 0.98;
  const zThreshold = options.zThreshold ?? 6;
  const consecutiveSteps = options.consecutiveSteps ?? 3;
  const warmupSteps = options.warmupSteps ?? 50;
  const epsilon = options.epsilon ?? 1e-8;
  if (!(alpha > 0 && alpha < 1)) throw new RangeError(`SpikeDetector: alpha must be in (0, 1), got ${alpha}`);
  if (!(zThreshold > 0)) throw new RangeError(`SpikeDetector: zThreshold must be positive, got ${zThreshold}`);
  if (!Number.isInteger(consecutiveSteps) || consecutiveSteps < 1) {
    throw new RangeError(`SpikeDetector: consecutiveSteps must be an integer ≥ 1, got ${consecutiveSteps}`);
  }
  if (!Number.isInteger(warmupSteps) || warmupSteps < 1) {
    throw new RangeError(`SpikeDetector: warmupSteps must be an integer ≥ 1, got ${warmupSteps}`);
  }
  let state: SpikeDetectorState = {
    warmupLosses: [],
    mean: null,
    variance: null,
    consecutiveOutliers: 0,
    onsetStep: null,
    spikes: 0,
  };
  return {
    observe(step, loss) {
      if (state.mean === null || state.variance === null) {
        if (Number.isFinite(loss)) state.warmupLosses.push(loss);
        if (state.warmupLosses.length >= warmupSteps) {
          const count = state.warmupLosses.length;
          const mean = state.warmupLosses.reduce((sum, value) => sum + value, 0) / count;
          state.variance = state.warmupLosses.reduce((sum, value) => sum + (value - mean) ** 2, 0) / count;
          state.mean = mean;
          state.warmupLosses = [];
        }
        return { spike: false, outlier: false, zScore: null, consecutiveOutliers: 0, onsetStep: null };
      }
      const zScore = Number.isFinite(loss) ? (loss - state.mean) / (Math.sqrt(state.variance) + epsilon) : Number.POSITIVE_INFINITY;
      const outlier = zScore > zThreshold;
      if (!outlier) {
        state.mean = alpha * state.mean + (1 - alpha) * loss;
        state.variance = alpha * state.variance + (1 - alpha) * (loss - state.mean) ** 2;
        state.consecutiveOutliers = 0;
        state.onsetStep = null;
        return { spike: false, outlier, zScore, consecutiveOutliers: 0, onsetStep: null };
      }
      state.consecutiveOutliers++;
      state.onsetStep ??= step;
      const { consecutiveOutliers, onsetStep } = state;
      const spike = consecutiveOutliers >= consecutiveSteps;
      if (spike) {
        state.spikes++;
        state.consecutiveOutliers = 0;
        state.onsetStep = null;
      }
      return { spike, outlier, zScore, consecutiveOutliers, onsetStep };
    },
    get onsetStep() {
      return state.onsetStep;
    },
    getState() {
      return { ...state, warmupLosses: [...state.warmupLosses] };
    },
    loadState(json) {
      const loaded = parseFuseState(spikeDetectorStateSchema, json, 'SpikeDetector');
      if ((loaded.mean === null) !== (loaded.variance === null)) {
        throw new Error('SpikeDetector: invalid saved state: mean and variance must both be set or both be null');
      }
      state = { ...loaded, warmupLosses: [...loaded.warmupLosses] };
    },
  };
}
