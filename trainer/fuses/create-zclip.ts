import { z } from 'zod';
import { parseFuseState } from './parse-fuse-state';

/** ZClip hyper-parameters; the defaults are the paper's. */
export interface ZClipOptions {
  /** EMA smoothing factor of the norm's mean and variance. Default 0.97. */
  alpha?: number;
  /** z-score above which a norm counts as a spike and is clipped. Default 2.5. */
  zThreshold?: number;
  /** Norms collected before the EMA starts (mean and variance initialised from them). Default 25. */
  warmupSteps?: number;
  /** Optional fixed ceiling applied on top of the adaptive threshold (and during warm-up). */
  maxGradNorm?: number;
  /** Added to the standard deviation when computing the z-score. Default 1e-6. */
  epsilon?: number;
}

/** What ZClip decided for one step's gradient norm. */
export interface ZClipDecision {
  /** The norm that was observed. */
  norm: number;
  /** Clip the gradients to this global norm; `Infinity` when nothing applies. */
  threshold: number;
  /** `norm > threshold`: the loop should call `clipByGlobalNorm(grads, threshold, norm)`. */
  clip: boolean;
  /** `(norm − mean) / (std + ε)`, or `null` while warming up. */
  zScore: number | null;
  warmingUp: boolean;
}

const zclipStateSchema = z
  .object({
    warmupNorms: z.array(z.number().nonnegative()),
    mean: z.number().nullable(),
    variance: z.number().nonnegative().nullable(),
    clippedSteps: z.number().int().nonnegative(),
    lastThreshold: z.number().nullable(),
  })
  .strict();

/** ZClip's state as plain JSON, for telemetry and checkpoints. */
export type ZClipState = z.infer<typeof zclipStateSchema>;

/** Adaptive z-score clipping of the global gradient norm (one object per run). */
export interface ZClip {
  /** Feeds one step's global gradient norm; returns the threshold to clip to. */
  observe(norm: number): ZClipDecision;
  /** A copy of the current state (`lastThreshold` is `null` when the last step had none). */
  getState(): ZClipState;
  /** Replaces the state with one saved by `getState` (validated; throws naming the bad field). */
  loadState(json: unknown): void;
}

/**
 * ZClip (Kumar et al. 2025, "ZClip: Adaptive Spike Mitigation for LLM Pre-Training"), following the
 * reference implementation (bluorion-com/ZClip, `mode="zscore"`, `clip_option="adaptive_scaling"`):
 *
 * 1. Warm-up: the first `warmupSteps` norms are only collected (clipped at `maxGradNorm` if given);
 *    when the last one arrives, mean = their average and variance = their population variance.
 * 2. Then for each norm g: std = √variance, z = (g − mean) / (std + ε). If z > zThreshold the
 *    threshold is `mean + zThreshold·std / (z / zThreshold)` (reciprocal clipping: the larger the
 *    outlier, the tighter the clip), capped by `maxGradNorm`.
 * 3. The EMA is updated with the clipped norm g* (the adaptive threshold if one applied, else g):
 *    mean ← α·mean + (1 − α)·g*, then variance ← α·variance + (1 − α)·(g* − mean)² using the
 *    *updated* mean, as the reference does.
 *
 * @example
 * const zclip = createZClip();
 * const { threshold } = zclip.observe(norm);
 * const { grads: clipped } = clipByGlobalNorm(grads, threshold, norm);
 */
export function createZClip(options: ZClipOptions = {}): ZClip {
  const alpha = options.alpha ?? 0.97;
  const zThreshold = options.zThreshold ?? 2.5;
  const warmupSteps = options.warmupSteps ?? 25;
  const maxGradNorm = options.maxGradNorm ?? Number.POSITIVE_INFINITY;
  const epsilon = options.epsilon ?? 1e-6;
  if (!(alpha > 0 && alpha < 1)) throw new RangeError(`ZClip: alpha must be in (0, 1), got ${alpha}`);
  if (!(zThreshold > 0)) throw new RangeError(`ZClip: zThreshold must be positive, got ${zThreshold}`);
  if (!Number.isInteger(warmupSteps) || warmupSteps < 1) {
    throw new RangeError(`ZClip: warmupSteps must be an integer ≥ 1, got ${warmupSteps}`);
  }
  if (!(maxGradNorm > 0)) throw new RangeError(`ZClip: maxGradNorm must be positive, got ${maxGradNorm}`);

  let state: ZClipState = { warmupNorms: [], mean: null, variance: null, clippedSteps: 0, lastThreshold: null };

  function decide(norm: number, adaptiveThreshold: number | null, zScore: number | null): ZClipDecision {
    const threshold = Math.min(adaptiveThreshold ?? Number.POSITIVE_INFINITY, maxGradNorm);
    const clip = norm > threshold;
    if (clip) state.clippedSteps++;
    state.lastThreshold = Number.isFinite(threshold) ? threshold : null;
    return { norm, threshold, clip, zScore, warmingUp: zScore === null };
  }

  return {
    observe(norm) {
      if (!Number.isFinite(norm) || norm < 0) {
        throw new RangeError(`ZClip: gradient norm ${norm} is not a finite non-negative number; run the non-finite guard first`);
      }
      if (state.mean === null || state.variance === null) {
        state.warmupNorms.push(norm);
        if (state.warmupNorms.length >= warmupSteps) {
          const count = state.warmupNorms.length;
          const mean = state.warmupNorms.reduce((sum, value) => sum + value, 0) / count;
          state.variance = state.warmupNorms.reduce((sum, value) => sum + (value - mean) ** 2, 0) / count;
          state.mean = mean;
          state.warmupNorms = [];
        }
        return decide(norm, null, null);
      }
      const std = Math.sqrt(state.variance);
      const zScore = (norm - state.mean) / (std + epsilon);
      const adaptiveThreshold = zScore > zThreshold ? state.mean + (zThreshold * std) / (zScore / zThreshold) : null;
      const clippedNorm = adaptiveThreshold ?? norm;
      state.mean = alpha * state.mean + (1 - alpha) * clippedNorm;
      state.variance = alpha * state.variance + (1 - alpha) * (clippedNorm - state.mean) ** 2;
      return decide(norm, adaptiveThreshold, zScore);
    },
    getState() {
      return { ...state, warmupNorms: [...state.warmupNorms] };
    },
    loadState(json) {
      const loaded = parseFuseState(zclipStateSchema, json, 'ZClip');
      if ((loaded.mean === null) !== (loaded.variance === null)) {
        throw new Error('ZClip: invalid saved state: mean and variance must both be set or both be null');
      }
      state = { ...loaded, warmupNorms: [...loaded.warmupNorms] };
    },
  };
}
