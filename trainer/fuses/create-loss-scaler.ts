import * as tf from '@tensorflow/tfjs-core';
import { z } from 'zod';
import { parseFuseState } from './parse-fuse-state';

/** Dynamic loss-scaling options; defaults are `torch.cuda.amp.GradScaler`'s. */
export interface LossScalerOptions {
  /** Starting loss scale. Default 2^16. */
  initScale?: number;
  /** Multiplier after `growthInterval` clean steps in a row. Default 2. */
  growthFactor?: number;
  /** Multiplier after an overflow. Default 0.5. */
  backoffFactor?: number;
  /** Clean steps in a row before the scale grows. Default 2000. */
  growthInterval?: number;
}

/** The outcome of `LossScaler.update` for one step. */
export interface LossScaleUpdate {
  /** True when the gradients overflowed: the loop must not apply them. */
  skipStep: boolean;
  /** The loss scale the step was computed with. */
  previousLossScale: number;
  /** The loss scale for the next step. */
  lossScale: number;
}

const lossScalerStateSchema = z
  .object({
    lossScale: z.number().positive(),
    /** Clean steps in a row since the last growth or backoff (GradScaler's `_growth_tracker`). */
    growthTracker: z.number().int().nonnegative(),
    /** Steps skipped because the scaled gradients overflowed. */
    overflowSteps: z.number().int().nonnegative(),
  })
  .strict();

/** The scaler's state as plain JSON, for telemetry and checkpoints. */
export type LossScalerState = z.infer<typeof lossScalerStateSchema>;

/** Dynamic loss scaling for a (real or emulated) float16 backward pass. */
export interface LossScaler {
  /** The current scale. */
  readonly lossScale: number;
  /** `loss · lossScale`, to differentiate instead of the loss. Returns a new tensor. */
  scaleLoss(loss: tf.Scalar): tf.Scalar;
  /** Every gradient · (1 / lossScale). Returns new tensors; the caller disposes them. */
  unscale(grads: readonly tf.Tensor[]): tf.Tensor[];
  /** Adjusts the scale after a step; `foundNonFinite` comes from `allFinite` on the scaled gradients. */
  update(foundNonFinite: boolean): LossScaleUpdate;
  getState(): LossScalerState;
  loadState(json: unknown): void;
}

/**
 * A loss scaler with `torch.cuda.amp.GradScaler` semantics: an overflow (NaN/Inf in the scaled
 * gradients) skips the step, multiplies the scale by `backoffFactor` and resets the streak; after
 * `growthInterval` clean steps in a row the scale is multiplied by `growthFactor` (unless that
 * product is not finite) and the streak restarts.
 *
 * @example
 * const { grads } = tf.variableGrads(() => scaler.scaleLoss(lossFn()), params);
 * const unscaled = scaler.unscale(gradList);
 * const { skipStep } = scaler.update(!finite);
 */
export function createLossScaler(options: LossScalerOptions = {}): LossScaler {
  const initScale = options.initScale ?? 2 ** 16;
  const growthFactor = options.growthFactor ?? 2;
  const backoffFactor = options.backoffFactor ?? 0.5;
  const growthInterval = options.growthInterval ?? 2000;
  if (!(initScale > 0 && Number.isFinite(initScale))) throw new RangeError(`LossScaler: initScale must be positive and finite, got ${initScale}`);
  if (!(growthFactor > 1)) throw new RangeError(`LossScaler: growthFactor must be > 1, got ${growthFactor}`);
  if (!(backoffFactor > 0 && backoffFactor < 1)) throw new RangeError(`LossScaler: backoffFactor must be in (0, 1), got ${backoffFactor}`);
  if (!Number.isInteger(growthInterval) || growthInterval < 1) {
    throw new RangeError(`LossScaler: growthInterval must be an integer ≥ 1, got ${growthInterval}`);
  }
  let state: LossScalerState = { lossScale: initScale, growthTracker: 0, overflowSteps: 0 };
  return {
    get lossScale() {
      return state.lossScale;
    },
    scaleLoss(loss) {
      return tf.tidy(() => tf.mul(loss, state.lossScale));
    },
    unscale(grads) {
      // GradScaler multiplies by the reciprocal (exact for the power-of-two scales the defaults give).
      const inverseScale = 1 / state.lossScale;
      return tf.tidy(() => grads.map((grad) => tf.mul(grad, inverseScale)));
    },
    update(foundNonFinite) {
      const previousLossScale = state.lossScale;
      if (foundNonFinite) {
        state.lossScale *= backoffFactor;
        state.growthTracker = 0;
        state.overflowSteps++;
        return { skipStep: true, previousLossScale, lossScale: state.lossScale };
      }
      const cleanSteps = state.growthTracker + 1;
      if (cleanSteps === growthInterval) {
        const grown = state.lossScale * growthFactor;
        if (Number.isFinite(grown)) state.lossScale = grown;
        state.growthTracker = 0;
      } else {
        state.growthTracker = cleanSteps;
      }
      return { skipStep: false, previousLossScale, lossScale: state.lossScale };
    },
    getState() {
      return { ...state };
    },
    loadState(json) {
      state = { ...parseFuseState(lossScalerStateSchema, json, 'LossScaler') };
    },
  };
}
