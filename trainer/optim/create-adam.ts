import * as tf from '@tensorflow/tfjs-core';

/** Adam hyper-parameters (PyTorch defaults). */
export interface AdamOptions {
  beta1?: number;
  beta2?: number;
  epsilon?: number;
}

/** The optimizer state that must be saved and restored together with the weights. */
export interface AdamState {
  step: number;
  /** First moments, one per parameter, same order as `params`. */
  firstMoments: tf.Variable[];
  /** Second moments, one per parameter. */
  secondMoments: tf.Variable[];
}

/** Adam over a fixed list of variables, with its state exposed (for snapshots and rollback). */
export interface Adam {
  readonly state: AdamState;
  /** One update with `grads` (same order as the params) at learning rate `lr`. */
  applyGradients(grads: readonly tf.Tensor[], lr: number): void;
  dispose(): void;
}

/**
 * Adam with PyTorch semantics (bias-corrected moments, epsilon outside the square root).
 * The moments are variables owned by the optimizer; `dispose()` frees them.
 */
export function createAdam(params: readonly tf.Variable[], options: AdamOptions = {}): Adam {
  const beta1 = options.beta1 ?? 0.9;
  const beta2 = options.beta2 ?? 0.999;
  const epsilon = options.epsilon ?? 1e-8;
  const state: AdamState = {
    step: 0,
    firstMoments: params.map((param) => tf.variable(tf.zerosLike(param), false)),
    secondMoments: params.map((param) => tf.variable(tf.zerosLike(param), false)),
  };
  return {
    state,
    applyGradients(grads, lr) {
      if (grads.length !== params.length) {
        throw new RangeError(`Adam: ${grads.length} gradients for ${params.length} parameters`);
      }
      state.step++;
      const stepSize = (lr * Math.sqrt(1 - beta2 ** state.step)) / (1 - beta1 ** state.step);
      const epsilonHat = epsilon * Math.sqrt(1 - beta2 ** state.step);
      tf.tidy(() => {
        params.forEach((param, index) => {
          const grad = grads[index] as tf.Tensor;
          const m = state.firstMoments[index] as tf.Variable;
          const v = state.secondMoments[index] as tf.Variable;
          const nextM = tf.add(tf.mul(m, beta1), tf.mul(grad, 1 - beta1));
          const nextV = tf.add(tf.mul(v, beta2), tf.mul(tf.square(grad), 1 - beta2));
          m.assign(nextM);
          v.assign(nextV);
          // θ ← θ − lr·m̂/(√v̂ + ε), folded into one step size (as PyTorch does).
          param.assign(tf.sub(param, tf.mul(tf.div(nextM, tf.add(tf.sqrt(nextV), epsilonHat)), stepSize)));
        });
      });
    },
    dispose() {
      for (const moment of [...state.firstMoments, ...state.secondMoments]) moment.dispose();
    },
  };
}
