import * as tf from '@tensorflow/tfjs-core';
import { unitwiseNorm } from './unitwise-norm';
import type { VectorUnits } from './unitwise-norm';

/** AGC hyper-parameters; the defaults are the NFNets paper's. */
export interface AdaptiveGradClipOptions {
  /** λ: the largest allowed ratio ‖G‖ / max(‖W‖, ε) per unit. Default 0.01. */
  clipFactor?: number;
  /** ε: floor on a unit's weight norm, so zero-initialised units can still move. Default 1e-3. */
  epsilon?: number;
  /**
   * Indices (into `params`) left unclipped. Default: `finalLayerParamIndices(params)`, the final
   * classifier layer, which the NFNets paper excludes.
   */
  excludeParams?: readonly number[];
  /** How rank-0/1 parameters are split into units. Default `whole`, as the reference does. */
  vectorUnits?: VectorUnits;
}

/** The result of `adaptiveGradClip`; the caller disposes every tensor in it. */
export interface AdaptiveGradClipResult {
  /** New tensors, same order and shapes as the input gradients. */
  grads: tf.Tensor[];
  /** [] number of units that were rescaled, for telemetry. */
  clippedUnits: tf.Scalar;
}

/** Gradient-norm floor in the rescale factor, as the reference uses (avoids 0/0). */
const GRAD_NORM_FLOOR = 1e-6;

/**
 * The parameters of the final classifier layer: the last rank-2 (dense) kernel and everything after
 * it (its bias), in tfjs-layers' `trainableWeights` order. Empty when there is no dense kernel.
 */
export function finalLayerParamIndices(params: readonly tf.Tensor[]): number[] {
  const lastKernel = params.findLastIndex((param) => param.rank === 2);
  if (lastKernel < 0) return [];
  return params.map((_, index) => index).slice(lastKernel);
}

/**
 * Per-unit ratio ‖G‖ / max(‖W‖, ε) that AGC compares with λ, shaped like `unitwiseNorm`'s output.
 * Returns a new tensor; the caller disposes it.
 */
export function agcUnitRatios(param: tf.Tensor, grad: tf.Tensor, epsilon = 1e-3, vectorUnits: VectorUnits = 'whole'): tf.Tensor {
  return tf.tidy(() => tf.div(unitwiseNorm(grad, vectorUnits), tf.maximum(unitwiseNorm(param, vectorUnits), epsilon)));
}

/**
 * Adaptive gradient clipping (Brock et al. 2021, NFNets): for every unit (output neuron of a dense
 * kernel, filter of a conv kernel; see `unitwiseNorm`), when ‖G‖ / max(‖W‖, ε) > λ the unit's
 * gradient is multiplied by λ·max(‖W‖, ε) / ‖G‖, so its ratio becomes exactly λ; other units are
 * left as they are.
 *
 * @example
 * const { grads: clipped, clippedUnits } = adaptiveGradClip(params, grads, { clipFactor: 0.01 });
 */
export function adaptiveGradClip(
  params: readonly tf.Tensor[],
  grads: readonly tf.Tensor[],
  options: AdaptiveGradClipOptions = {},
): AdaptiveGradClipResult {
  const clipFactor = options.clipFactor ?? 0.01;
  const epsilon = options.epsilon ?? 1e-3;
  const vectorUnits = options.vectorUnits ?? 'whole';
  const excluded = new Set(options.excludeParams ?? finalLayerParamIndices(params));
  if (!(clipFactor > 0)) throw new RangeError(`adaptiveGradClip: clipFactor must be positive, got ${clipFactor}`);
  if (grads.length !== params.length) {
    throw new RangeError(`adaptiveGradClip: ${grads.length} gradients for ${params.length} parameters`);
  }
  return tf.tidy(() => {
    const counts: tf.Scalar[] = [tf.scalar(0, 'int32')];
    const clipped = grads.map((grad, index) => {
      const param = params[index] as tf.Tensor; // same length checked above
      if (!tf.util.arraysEqual(param.shape, grad.shape)) {
        throw new RangeError(`adaptiveGradClip: gradient ${index} has shape [${grad.shape.join(', ')}], its parameter [${param.shape.join(', ')}]`);
      }
      if (excluded.has(index)) return tf.clone(grad);
      const maxNorm = tf.mul(tf.maximum(unitwiseNorm(param, vectorUnits), epsilon), clipFactor); // unit shape
      const gradNorm = unitwiseNorm(grad, vectorUnits); // unit shape
      const trigger = tf.greater(gradNorm, maxNorm);
      const rescale = tf.div(maxNorm, tf.maximum(gradNorm, GRAD_NORM_FLOOR));
      counts.push(tf.sum(tf.cast(trigger, 'int32')));
      return tf.mul(grad, tf.where(trigger, rescale, tf.onesLike(rescale)));
    });
    return { grads: clipped, clippedUnits: tf.addN(counts) };
  });
}
