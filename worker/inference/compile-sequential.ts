import * as tf from '@tensorflow/tfjs-core';
import type { TensorInfo } from '@tensorflow/tfjs-core';
import { activationStep, activeKernels, reshapeView, Unsupported } from './kernel-steps';
import type { KernelStep } from './kernel-steps';

/** A Sequential model as a fixed chain of kernel calls over long-lived weight tensors. */
export interface CompiledChain {
  /** The model's input `[batch, h, w, c]` (batch `null`), from its config. */
  inputShape: readonly (number | null)[];
  /** Classes per row of the output. */
  classes: number;
  /** Pixels `[batch, h, w, c]` (row-major) → the last layer's values `[batch, classes]`. */
  predict(batch: Float32Array, count: number): Float32Array;
  /** Weight values, for the model cache's memory estimate. */
  paramCount: number;
  dispose(): void;
}

interface LayerJson {
  class_name: string;
  config: Record<string, unknown>;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isPair = (value: unknown): value is [number, number] => Array.isArray(value) && value.length === 2 && value.every((n) => Number.isInteger(n) && n > 0);
const FUSED_ACTIVATIONS = new Set<unknown>(['linear', 'relu', 'elu']); // tfjs-layers' mapActivationToFusedKernel

/** The layers of a Sequential topology (tfjs' own `{class_name, config}` or the converter's `model_config` wrapper). */
function sequentialLayers(topology: object): LayerJson[] | undefined {
  const model: unknown = 'model_config' in topology ? topology.model_config : topology;
  if (!isRecord(model) || model.class_name !== 'Sequential') return undefined;
  const layers: unknown = Array.isArray(model.config) ? model.config : isRecord(model.config) ? model.config.layers : undefined;
  if (!Array.isArray(layers)) return undefined;
  const parsed = layers.map((layer: unknown) => (isRecord(layer) && typeof layer.class_name === 'string' && isRecord(layer.config) ? { class_name: layer.class_name, config: layer.config } : undefined));
  return parsed.every((layer) => layer !== undefined) ? parsed : undefined;
}

const COMPILED_LAYERS = new Set(['InputLayer', 'Dropout', 'Conv2D', 'DepthwiseConv2D', 'MaxPooling2D', 'AveragePooling2D', 'GlobalAveragePooling2D', 'Flatten', 'Dense', 'Activation']);

/** Whether `topology` is a Sequential model of layer types `compileSequential` handles (before decoding any weight). */
export function mayCompile(topology: object): boolean {
  return sequentialLayers(topology)?.every((layer) => COMPILED_LAYERS.has(layer.class_name)) ?? false;
}

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

const sameShape = (tensor: TensorInfo | undefined, shape: readonly number[]): tensor is TensorInfo => tensor !== undefined && tensor.shape.length === shape.length && tensor.shape.every((size, axis) => size === shape[axis]);

/**
 * Compiles a Sequential model's topology and its decoded weights into kernel calls: for each
 * layer, the kernels tfjs-layers' `call` runs for it at inference (same kernels, attributes and
 * order, so the same values), called without the layer objects or the engine. Shapes are checked
 * here, layer by layer, as tfjs-layers checks them when it builds the model. Returns `undefined`
 * for anything it does not compile (another model class, a layer type or option not handled
 * below, weights missing, misshapen or left over, a kernel the backend lacks); the caller then
 * loads the model with tfjs-layers. The weights (float32 data on the active backend, freed by
 * `release`) belong to the chain on success, to the caller otherwise.
 */
export function compileSequential(topology: object, weights: Readonly<Record<string, TensorInfo>>, release: () => void): CompiledChain | undefined {
  const layers = sequentialLayers(topology);
  const inputShape = layers?.[0]?.config.batch_input_shape;
  if (layers === undefined || !Array.isArray(inputShape) || inputShape.length !== 4) return undefined;
  const [, inHeight, inWidth, inChannels] = inputShape as unknown[];
  if (![inHeight, inWidth, inChannels].every((size) => Number.isInteger(size))) return undefined;

  const kernels = activeKernels();
  const steps: KernelStep[] = [];
  const used = new Set<string>();
  // The shape between layers, batch left out: [h, w, c], or [features] after Flatten or global pooling.
  let shape = [inHeight, inWidth, inChannels] as number[];
  const weight = (layer: string, name: string, expected: readonly number[]): TensorInfo => {
    const key = `${layer}/${name}`;
    const tensor = weights[key];
    if (!sameShape(tensor, expected)) throw new Unsupported(`weight ${key}`);
    used.add(key);
    return tensor;
  };
  const biasOf = (config: Record<string, unknown>, layer: string, size: number): Record<string, TensorInfo> => (config.use_bias === false ? {} : { bias: weight(layer, 'bias', [size]) });
  const image = (): [number, number, number] => {
    const [height, width, channels] = shape;
    if (shape.length !== 3 || height === undefined || width === undefined || channels === undefined) throw new Unsupported('a rank-4 layer after a rank-2 one');
    return [height, width, channels];
  };

  try {
    for (const { class_name: className, config } of layers) {
      const name = typeof config.name === 'string' ? config.name : '';
      switch (className) {
        case 'InputLayer':
        case 'Dropout': // the identity at inference
          break;
        case 'Conv2D': {
          const [height, width, channels] = image();
          const kernelSize = config.kernel_size;
          const dilations = config.dilation_rate ?? [1, 1];
          const filters = config.filters;
          if (!isPair(kernelSize) || !isPair(dilations) || typeof filters !== 'number' || (config.groups ?? 1) !== 1) throw new Unsupported(className);
          const { strides, pad } = windowOf(config, [1, 1]);
          if (strides.some((s) => s > 1) && dilations.some((d) => d > 1)) throw new Unsupported('strides and dilations');
          const filter = weight(name, 'kernel', [...kernelSize, channels, filters]);
          // tfjs-layers fuses relu, linear and elu into the conv kernel; any other runs after a linear one.
          const fused = FUSED_ACTIVATIONS.has(config.activation) ? (config.activation as string) : 'linear';
          const attrs = { strides, pad, dataFormat: 'NHWC', dilations, dimRoundingMode: undefined, activation: fused, leakyreluAlpha: undefined };
          steps.push(kernels.step(tf.FusedConv2D, 'x', { filter, ...biasOf(config, name, filters) }, attrs));
          if (fused !== config.activation) steps.push(activationStep(kernels, config.activation, 4));
          shape = [outSize(height, kernelSize[0], strides[0], dilations[0], pad), outSize(width, kernelSize[1], strides[1], dilations[1], pad), filters];
          break;
        }
        case 'DepthwiseConv2D': {
          const [height, width, channels] = image();
          const kernelSize = config.kernel_size;
          if (!isPair(kernelSize) || (config.depth_multiplier ?? 1) !== 1) throw new Unsupported(className);
          const { strides, pad } = windowOf(config, [1, 1]);
          // tfjs-layers: depthwiseConv2d (it passes no dilation), then biasAdd, then the activation.
          const filter = weight(name, 'depthwise_kernel', [...kernelSize, channels, 1]);
          steps.push(kernels.step(tf.DepthwiseConv2dNative, 'x', { filter }, { strides, pad, dataFormat: 'NHWC', dilations: [1, 1], dimRoundingMode: undefined }));
          const { bias } = biasOf(config, name, channels);
          if (bias !== undefined) steps.push(kernels.step(tf.Add, 'a', { b: bias }, {}));
          steps.push(activationStep(kernels, config.activation, 4));
          shape = [outSize(height, kernelSize[0], strides[0], 1, pad), outSize(width, kernelSize[1], strides[1], 1, pad), channels];
          break;
        }
        case 'MaxPooling2D':
        case 'AveragePooling2D': {
          const [height, width, channels] = image();
          const poolSize = config.pool_size;
          if (!isPair(poolSize)) throw new Unsupported(className);
          const { strides, pad } = windowOf(config, poolSize); // Keras: strides default to the pool size
          steps.push(kernels.step(className === 'MaxPooling2D' ? tf.MaxPool : tf.AvgPool, 'x', {}, { filterSize: poolSize, strides, pad, dimRoundingMode: undefined }));
          shape = [outSize(height, poolSize[0], strides[0], 1, pad), outSize(width, poolSize[1], strides[1], 1, pad), channels];
          break;
        }
        case 'GlobalAveragePooling2D': {
          const [, , channels] = image();
          if (config.keepdims === true || (config.data_format !== undefined && config.data_format !== 'channels_last')) throw new Unsupported(className);
          steps.push(kernels.step(tf.Mean, 'x', {}, { axis: [1, 2], keepDims: false }));
          shape = [channels];
          break;
        }
        case 'Flatten': {
          if (config.data_format !== undefined && config.data_format !== 'channels_last') throw new Unsupported('data_format');
          const features = shape.reduce((product, size) => product * size, 1);
          steps.push(reshapeView((x) => [x.shape[0] ?? 1, features]));
          shape = [features];
          break;
        }
        case 'Dense': {
          const [features] = shape;
          const units = config.units;
          if (shape.length !== 1 || features === undefined || typeof units !== 'number') throw new Unsupported('Dense on a rank-4 input');
          const kernel = weight(name, 'kernel', [features, units]);
          const bias = biasOf(config, name, units);
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
          shape = [units];
          break;
        }
        case 'Activation':
          steps.push(activationStep(kernels, config.activation, shape.length + 1));
          break;
        default:
          throw new Unsupported(className);
      }
    }
    const names = Object.keys(weights);
    if (shape.length !== 1 || names.length !== used.size || names.some((key) => !used.has(key))) throw new Unsupported('output or weights');
  } catch (error) {
    if (error instanceof Unsupported) return undefined;
    throw error;
  }

  const { backend } = kernels;
  const [classes = 0] = shape;
  let disposed = false;
  return {
    inputShape: inputShape as (number | null)[],
    classes,
    paramCount: Object.values(weights).reduce((total, tensor) => total + tensor.shape.reduce((product, size) => product * size, 1), 0),
    predict(batch, count) {
      if (disposed) throw new Error('this compiled model was disposed (its weights are freed)');
      const input = [count, inHeight, inWidth, inChannels] as number[];
      let x: TensorInfo = { dataId: backend.write(batch, input, 'float32'), shape: input, dtype: 'float32' };
      try {
        for (const step of steps) {
          const y = step(x);
          if (y.dataId !== x.dataId) backend.disposeData(x.dataId);
          x = y;
        }
        return backend.readSync(x.dataId) as Float32Array;
      } finally {
        backend.disposeData(x.dataId);
      }
    },
    dispose() {
      disposed = true;
      release();
    },
  };
}
