import * as tf from '@tensorflow/tfjs-core';
import type { KernelBackend, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs-core';

/**
 * One step of a compiled model: one tensor in, one out. A step returns a new tensor, or a view of
 * its input (same `dataId`, another shape) for a reshape; the chain frees what a step consumed.
 */
export type KernelStep = (x: TensorInfo) => TensorInfo;

/**
 * The kernels of one backend, called as tfjs' engine calls them (`kernelFunc({inputs, backend,
 * attrs})`), without the engine: no tensor objects, scopes or bookkeeping per call, only the
 * kernel. The inputs and attributes of each step are those the public op passes (tfjs-core
 * dist/ops/fused/conv2d.js, max_pool.js, avg_pool.js, fused/mat_mul.js, depthwise_conv2d.js,
 * add.js, softmax.js, mean.js, unary ops), so the same kernel computes the same values.
 */
export interface KernelSet {
  backend: KernelBackend;
  /** The step running `kernel` with fixed extra inputs (weights) and attributes; throws `Unsupported` when the backend lacks it. */
  step(kernel: string, inputName: string, weights: Record<string, TensorInfo>, attrs: object): KernelStep;
}

/** Thrown (and caught) by the compiler for a layer, option or kernel it does not compile. */
export class Unsupported extends Error {}

/** The active backend's kernels. */
export function activeKernels(): KernelSet {
  const backend = tf.backend();
  const backendName = tf.getBackend();
  return {
    backend,
    step(kernel, inputName, weights, attrs) {
      const config = tf.getKernel(kernel, backendName);
      if (config === undefined) throw new Unsupported(`${kernel} on ${backendName}`);
      const { kernelFunc } = config;
      const kernelAttrs = attrs as NamedAttrMap;
      return (x) => {
        const output = kernelFunc({ inputs: { [inputName]: x, ...weights }, backend, attrs: kernelAttrs });
        if (Array.isArray(output)) throw new Error(`${kernel} answered ${output.length} outputs; a chain step has one`);
        return output;
      };
    },
  };
}

/** A reshape: the same data seen with another shape (what tfjs' Reshape kernel does, without a call). */
export function reshapeView(shapeOf: (x: TensorInfo) => number[]): KernelStep {
  return (x) => ({ dataId: x.dataId, shape: shapeOf(x), dtype: x.dtype });
}

/** Activations as tfjs-layers' `activation.apply` computes them (tfjs-layers dist/activations.js), as kernels. */
export function activationStep(kernels: KernelSet, activation: unknown, rank: number): KernelStep {
  switch (activation) {
    case 'linear':
      return (x) => x;
    case 'relu':
      return kernels.step(tf.Relu, 'x', {}, {});
    case 'sigmoid':
      return kernels.step(tf.Sigmoid, 'x', {}, {});
    case 'tanh':
      return kernels.step(tf.Tanh, 'x', {}, {});
    case 'softmax':
      // tf.softmax(x, -1) resolves the axis to the last one.
      return kernels.step(tf.Softmax, 'logits', {}, { dim: rank - 1 });
    default:
      throw new Unsupported(`activation ${String(activation)}`);
  }
}
