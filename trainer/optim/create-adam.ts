import * as tf from '@tensorflow/tfjs-core';
import type { AdamUpdateAttrs } from './adam-update-elements';
import { ADAM_UPDATE_KERNEL, registerAdamUpdateKernels } from './register-adam-update-kernels';

/** Adam hyper-parameters (PyTorch defaults). */
export interface AdamOptions {
  beta1?: number;
  beta2?: number;
  epsilon?: number;
  /**
   * Per-parameter multipliers of the learning rate, in `params` order (default: 1 for every one),
   * e.g. a lower rate for the fine-tuned layers of a pretrained backbone than for its new head.
   */
  lrScales?: readonly number[];
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

/** One parameter's update: assigns the next values to `param`, `m` and `v`. */
type ParameterUpdate = (param: tf.Variable, m: tf.Variable, v: tf.Variable, grad: tf.Tensor, attrs: AdamUpdateAttrs) => void;

/** The update as one `ADAM_UPDATE_KERNEL` call (≈10× fewer kernels and engine round trips). */
const updateWithKernel: ParameterUpdate = (param, m, v, grad, attrs) => {
  const [nextParam, nextM, nextV] = tf.engine().runKernel(
    ADAM_UPDATE_KERNEL, { param, m, v, grad }, attrs as unknown as tf.NamedAttrMap) as [tf.Tensor, tf.Tensor, tf.Tensor];
  m.assign(nextM);
  v.assign(nextV);
  param.assign(nextParam);
};

/** The same update as tf ops, for backends without the kernel (tfjs-node). */
const updateWithOps: ParameterUpdate = (param, m, v, grad, { beta1, beta2, stepSize, epsilonHat }) => {
  const nextM = tf.add(tf.mul(m, beta1), tf.mul(grad, 1 - beta1));
  const nextV = tf.add(tf.mul(v, beta2), tf.mul(tf.square(grad), 1 - beta2));
  m.assign(nextM);
  v.assign(nextV);
  // θ ← θ − lr·m̂/(√v̂ + ε), folded into one step size (as PyTorch does).
  param.assign(tf.sub(param, tf.mul(tf.div(nextM, tf.add(tf.sqrt(nextV), epsilonHat)), stepSize)));
};

/**
 * Adam with PyTorch semantics (bias-corrected moments, epsilon outside the square root).
 * The moments are variables owned by the optimizer; `dispose()` frees them.
 *
 * On backends with the fused `ADAM_UPDATE_KERNEL` (cpu, wasm) each parameter takes one kernel
 * call, elsewhere ten tf ops; both give the same float32 results bit for bit.
 */
export function createAdam(params: readonly tf.Variable[], options: AdamOptions = {}): Adam {
  const beta1 = options.beta1 ?? 0.9;
  const beta2 = options.beta2 ?? 0.999;
  const epsilon = options.epsilon ?? 1e-8;
  const lrScales = options.lrScales ?? params.map(() => 1);
  if (lrScales.length !== params.length) throw new RangeError(`Adam: ${lrScales.length} learning-rate scales for ${params.length} parameters`);
  registerAdamUpdateKernels();
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
      const attrs: AdamUpdateAttrs = {
        beta1,
        beta2,
        stepSize: (lr * Math.sqrt(1 - beta2 ** state.step)) / (1 - beta1 ** state.step),
        epsilonHat: epsilon * Math.sqrt(1 - beta2 ** state.step),
      };
      // getKernel's declared type hides that it yields undefined when absent.
      const hasKernel = (tf.getKernel(ADAM_UPDATE_KERNEL, tf.getBackend()) as tf.KernelConfig | undefined) !== undefined;
      const update = hasKernel ? updateWithKernel : updateWithOps;
      tf.tidy(() => {
        params.forEach((param, index) => {
          const scale = lrScales[index] ?? 1;
          const scaled = scale === 1 ? attrs : { ...attrs, stepSize: attrs.stepSize * scale };
          update(param, state.firstMoments[index] as tf.Variable, state.secondMoments[index] as tf.Variable, grads[index] as tf.Tensor, scaled);
        });
      });
    },
    dispose() {
      for (const moment of [...state.firstMoments, ...state.secondMoments]) moment.dispose();
    },
  };
}
