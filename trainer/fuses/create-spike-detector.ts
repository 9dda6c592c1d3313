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
  /**
   * An outlier must also rise this far above the mean, as a fraction of it, so that late in
   * training, when the variance is tiny, ordinary hard batches are not outliers. Default 0 (off).
   */
  minRelativeRise?: number;
  /**
   * During warm-up, a loss above this multiple of the median warm-up loss so far (once 5 are in)
   * is an outlier and stays out of the statistics, so a fault early in a run cannot poison the
   * baseline. Default Infinity (off).
   */
  warmupOutlierFactor?: number;
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
  /** Forgets the baseline and warms up again from the next losses (a lasting new loss level is accepted). */
  rebaseline(): void;
  /** The loss of a typical batch now (the EMA mean plus one standard deviation), or null while warming up. */
  typicalLoss(): number | null;
  getState(): SpikeDetectorState;
  loadState(json: unknown): void;
}

/** Losses at the end of the warm-up that set the baseline's mean and variance. */
const BASELINE_LOSSES = 10;

/** σ ≈ 1.4826 · MAD for normally distributed values. */
const MAD_TO_SIGMA = 1.4826;

function medianOf(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? (sorted[middle] ?? Number.NaN) : ((sorted[middle - 1] ?? Number.NaN) + (sorted[middle] ?? Number.NaN)) / 2;
}

/**
 * Flags a loss spike when the loss stays more than `zThreshold` standard deviations above its EMA
 * for `consecutiveSteps` steps in a row.
 *
 * - Warm-up: the last 10 of the first `warmupSteps` losses initialise the mean (their median) and
 *   the variance ((1.4826 · their median absolute deviation)²), robust to one bad batch among
 *   them; meanwhile only a loss far above the warm-up median is an outlier.
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
  const minRelativeRise = options.minRelativeRise ?? 0;
  const warmupOutlierFactor = options.warmupOutlierFactor ?? Number.POSITIVE_INFINITY;
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
        if (Number.isFinite(warmupOutlierFactor) && state.warmupLosses.length >= 5 && !(loss <= warmupOutlierFactor * medianOf(state.warmupLosses))) {
          return { spike: false, outlier: true, zScore: null, consecutiveOutliers: 0, onsetStep: null };
        }
        if (Number.isFinite(loss)) state.warmupLosses.push(loss);
        if (state.warmupLosses.length >= warmupSteps) {
          // The baseline is the recent level: early in training the loss falls fast, and the
          // first warm-up losses would make it too high and too wide to see a fault at all.
          // Median and MAD (scaled to a Gaussian σ), so one bad batch at the end cannot widen it.
          const recent = state.warmupLosses.slice(-BASELINE_LOSSES);
          const median = medianOf(recent);
          state.variance = (MAD_TO_SIGMA * medianOf(recent.map((value) => Math.abs(value - median)))) ** 2;
          state.mean = median;
          state.warmupLosses = [];
        }
        return { spike: false, outlier: false, zScore: null, consecutiveOutliers: 0, onsetStep: null };
      }
      const zScore = Number.isFinite(loss) ? (loss - state.mean) / (Math.sqrt(state.variance) + epsilon) : Number.POSITIVE_INFINITY;
      const outlier = zScore > zThreshold && !(loss - state.mean <= minRelativeRise * Math.abs(state.mean)); // NaN: an outlier
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
    typicalLoss() {
      return state.mean === null || state.variance === null ? null : state.mean + Math.sqrt(state.variance);
    },
    rebaseline() {
      state = { ...state, warmupLosses: [], mean: null, variance: null, consecutiveOutliers: 0, onsetStep: null };
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
