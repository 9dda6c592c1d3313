import * as tf from '@tensorflow/tfjs-core';
import type { TensorInfo } from '@tensorflow/tfjs-core';
import { activationStep, reshapeView, Unsupported } from './kernel-steps';
import type { KernelSet, KernelStep } from './kernel-steps';

/** What a layer's compiler reads and writes while `compileSequential` walks the layers. */
export interface LayerContext {
  kernels: KernelSet;
  /** The chain so far; a compiler appends its layer's steps. */
  steps: KernelStep[];
  /** The shape between layers, batch left out: [h, w, c], or [features] after Flatten or global pooling. */
  shape: number[];
  /** The layer's weight `name`, checked against `expected` (throws `Unsupported` when missing or misshapen). */
  weight(layer: string, name: string, expected: readonly number[]): TensorInfo;
}

/** Compiles one layer (its Keras config) into steps, updating `context.shape`; throws `Unsupported`. */
export type LayerCompiler = (config: Record<string, unknown>, name: string, context: LayerContext) => void;

const isPair = (value: unknown): value is [number, number] => Array.isArray(value) && value.length === 2 && value.every((n) => Number.isInteger(n) && n > 0);
const FUSED_ACTIVATIONS = new Set<unknown>(['linear', 'relu', 'elu']); // tfjs-layers' mapActivationToFusedKernel

/** Strides and padding of a conv or pooling layer (channels_last only). */
function windowOf(config: Record<string, unknown>, defaultStrides: unknown): { strides: [number, number]; pad: 'valid' | 'same' } {
  const strides = config.strides ?? defaultStrides;
  const { padding } = config;
  if (!isPair(strides) || (padding !== 'valid' && padding !== 'same')) throw new Unsupported('strides or padding');
  if (config.data_format !== undefined && config.data_format !== 'channels_last') throw new Unsupported('data_format');
  return { strides, pad: padding };
}

/** Output height or width of a window op (tfjs' computeConv2DInfo / computePool2DInfo). */
function outSize(size: number, window: number, stride: number, dilation: number, pad: 'valid' | 'same'): number {
  const effective = window + (window - 1) * (dilation - 1);
  return pad === 'same' ? Math.ceil(size / stride) : Math.ceil((size - effective + 1) / stride);
}

/** The current shape as an image `[h, w, c]`; a rank-4 layer after Flatten is refused. */
function imageShape(context: LayerContext): [number, number, number] {
  const [height, width, channels] = context.shape;
  if (context.shape.length !== 3 || height === undefined || width === undefined || channels === undefined) throw new Unsupported('a rank-4 layer after a rank-2 one');
  return [height, width, channels];
}

/** The layer's bias as the kernels' extra input, or none for `use_bias: false`. */
function biasOf(config: Record<string, unknown>, layer: string, size: number, context: LayerContext): Record<string, TensorInfo> {
  return config.use_bias === false ? {} : { bias: context.weight(layer, 'bias', [size]) };
}

const identity: LayerCompiler = () => undefined;

const conv2d: LayerCompiler = (config, name, context) => {
  const [height, width, channels] = imageShape(context);
  const kernelSize = config.kernel_size;
  const dilations = config.dilation_rate ?? [1, 1];
  const filters = config.filters;
  if (!isPair(kernelSize) || !isPair(dilations) || typeof filters !== 'number' || (config.groups ?? 1) !== 1) throw new Unsupported('Conv2D');
  const { strides, pad } = windowOf(config, [1, 1]);
  if (strides.some((s) => s > 1) && dilations.some((d) => d > 1)) throw new Unsupported('strides and dilations');
  const filter = context.weight(name, 'kernel', [...kernelSize, channels, filters]);
  // tfjs-layers fuses relu, linear and elu into the conv kernel; any other runs after a linear one.
  const fused = FUSED_ACTIVATIONS.has(config.activation) ? (config.activation as string) : 'linear';
  const attrs = { strides, pad, dataFormat: 'NHWC', dilations, dimRoundingMode: undefined, activation: fused, leakyreluAlpha: undefined };
  context.steps.push(context.kernels.step(tf.FusedConv2D, 'x', { filter, ...biasOf(config, name, filters, context) }, attrs));
  if (fused !== config.activation) context.steps.push(activationStep(context.kernels, config.activation, 4));
  context.shape = [outSize(height, kernelSize[0], strides[0], dilations[0], pad), outSize(width, kernelSize[1], strides[1], dilations[1], pad), filters];
};

const depthwiseConv2d: LayerCompiler = (config, name, context) => {
  const [height, width, channels] = imageShape(context);
  const kernelSize = config.kernel_size;
  if (!isPair(kernelSize) || (config.depth_multiplier ?? 1) !== 1) throw new Unsupported('DepthwiseConv2D');
  const { strides, pad } = windowOf(config, [1, 1]);
  // tfjs-layers: depthwiseConv2d (it passes no dilation), then biasAdd, then the activation.
  const filter = context.weight(name, 'depthwise_kernel', [...kernelSize, channels, 1]);
  context.steps.push(context.kernels.step(tf.DepthwiseConv2dNative, 'x', { filter }, { strides, pad, dataFormat: 'NHWC', dilations: [1, 1], dimRoundingMode: undefined }));
  const { bias } = biasOf(config, name, channels, context);
  if (bias !== undefined) context.steps.push(context.kernels.step(tf.Add, 'a', { b: bias }, {}));
  context.steps.push(activationStep(context.kernels, config.activation, 4));
  context.shape = [outSize(height, kernelSize[0], strides[0], 1, pad), outSize(width, kernelSize[1], strides[1], 1, pad), channels];
};

function pooling(kernel: typeof tf.MaxPool | typeof tf.AvgPool, className: string): LayerCompiler {
  return (config, _name, context) => {
    const [height, width, channels] = imageShape(context);
    const poolSize = config.pool_size;
    if (!isPair(poolSize)) throw new Unsupported(className);
    const { strides, pad } = windowOf(config, poolSize); // Keras: strides default to the pool size
    context.steps.push(context.kernels.step(kernel, 'x', {}, { filterSize: poolSize, strides, pad, dimRoundingMode: undefined }));
    context.shape = [outSize(height, poolSize[0], strides[0], 1, pad), outSize(width, poolSize[1], strides[1], 1, pad), channels];
  };
}

const globalAveragePooling2d: LayerCompiler = (config, _name, context) => {
  const [, , channels] = imageShape(context);
  if (config.keepdims === true || (config.data_format !== undefined && config.data_format !== 'channels_last')) throw new Unsupported('GlobalAveragePooling2D');
  context.steps.push(context.kernels.step(tf.Mean, 'x', {}, { axis: [1, 2], keepDims: false }));
  context.shape = [channels];
};

const flatten: LayerCompiler = (config, _name, context) => {
  if (config.data_format !== undefined && config.data_format !== 'channels_last') throw new Unsupported('data_format');
  const features = context.shape.reduce((product, size) => product * size, 1);
  context.steps.push(reshapeView((x) => [x.shape[0] ?? 1, features]));
  context.shape = [features];
};

const dense: LayerCompiler = (config, name, context) => {
  const { kernels, steps } = context;
  const [features] = context.shape;
  const units = config.units;
  if (context.shape.length !== 1 || features === undefined || typeof units !== 'number') throw new Unsupported('Dense on a rank-4 input');
  const kernel = context.weight(name, 'kernel', [features, units]);
  const bias = biasOf(config, name, units, context);
  const fused = FUSED_ACTIVATIONS.has(config.activation);
  // tf.fused.matMul runs the kernel on [1, batch, in] × [1, in, out]; the weight's view is fixed.
  const b: TensorInfo = { dataId: kernel.dataId, shape: [1, features, units], dtype: kernel.dtype };
  const attrs = { transposeA: false, transposeB: false, activation: fused ? config.activation : 'linear', leakyreluAlpha: 0.2 };
  // Fused: bias and activation in the kernel. Otherwise tfjs-layers runs a plain matMul, then biasAdd, then the activation.
  steps.push(reshapeView((x) => [1, x.shape[0] ?? 1, features]));
  steps.push(kernels.step(tf._FusedMatMul, 'a', fused ? { b, ...bias } : { b }, attrs));
  steps.push(reshapeView((x) => [x.shape[1] ?? 1, units]));
  if (!fused) {
    if (bias.bias !== undefined) steps.push(kernels.step(tf.Add, 'a', { b: bias.bias }, {}));
    steps.push(activationStep(kernels, config.activation, 2));
  }
  context.shape = [units];
};

const activation: LayerCompiler = (config, _name, context) => {
  context.steps.push(activationStep(context.kernels, config.activation, context.shape.length + 1));
};

/**
 * For each Keras layer type `compileSequential` handles, the kernels tfjs-layers' `call` runs for
 * it at inference (same kernels, attributes and order, so the same values), with the shape checks
 * tfjs-layers makes when it builds the model. One function per layer type, so a cold isolate
 * compiles only those its model uses.
 */
export const LAYER_COMPILERS: ReadonlyMap<string, LayerCompiler> = new Map([
  ['InputLayer', identity],
  ['Dropout', identity], // the identity at inference
  ['Conv2D', conv2d],
  ['DepthwiseConv2D', depthwiseConv2d],
  ['MaxPooling2D', pooling(tf.MaxPool, 'MaxPooling2D')],
  ['AveragePooling2D', pooling(tf.AvgPool, 'AveragePooling2D')],
  ['GlobalAveragePooling2D', globalAveragePooling2d],
  ['Flatten', flatten],
  ['Dense', dense],
  ['Activation', activation],
]);
