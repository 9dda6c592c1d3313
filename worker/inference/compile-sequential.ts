import type { TensorInfo } from '@tensorflow/tfjs-core';
import { activeKernels, Unsupported } from './kernel-steps';
import { LAYER_COMPILERS } from './layer-compilers';
import type { LayerContext } from './layer-compilers';

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

/** The layers of a Sequential topology (tfjs' own `{class_name, config}` or the converter's `model_config` wrapper). */
function sequentialLayers(topology: object): LayerJson[] | undefined {
  const model: unknown = 'model_config' in topology ? topology.model_config : topology;
  if (!isRecord(model) || model.class_name !== 'Sequential') return undefined;
  const layers: unknown = Array.isArray(model.config) ? model.config : isRecord(model.config) ? model.config.layers : undefined;
  if (!Array.isArray(layers)) return undefined;
  const parsed = layers.map((layer: unknown) => (isRecord(layer) && typeof layer.class_name === 'string' && isRecord(layer.config) ? { class_name: layer.class_name, config: layer.config } : undefined));
  return parsed.every((layer) => layer !== undefined) ? parsed : undefined;
}

/** Whether `topology` is a Sequential model of layer types `compileSequential` handles (before decoding any weight). */
export function mayCompile(topology: object): boolean {
  return sequentialLayers(topology)?.every((layer) => LAYER_COMPILERS.has(layer.class_name)) ?? false;
}

const sameShape = (tensor: TensorInfo | undefined, shape: readonly number[]): tensor is TensorInfo => tensor !== undefined && tensor.shape.length === shape.length && tensor.shape.every((size, axis) => size === shape[axis]);

/**
 * Compiles a Sequential model's topology and its decoded weights into kernel calls: for each
 * layer, the kernels tfjs-layers' `call` runs for it at inference (same kernels, attributes and
 * order, so the same values), called without the layer objects or the engine. Shapes are checked
 * here, layer by layer, as tfjs-layers checks them when it builds the model (`LAYER_COMPILERS`,
 * a function per layer type). Returns `undefined` for anything it does not compile (another model
 * class, a layer type or option not handled there, weights missing, misshapen or left over, a
 * kernel the backend lacks); the caller then loads the model with tfjs-layers. The weights
 * (float32 data on the active backend, freed by `release`) belong to the chain on success, to the
 * caller otherwise.
 */
export function compileSequential(topology: object, weights: Readonly<Record<string, TensorInfo>>, release: () => void): CompiledChain | undefined {
  const layers = sequentialLayers(topology);
  const inputShape = layers?.[0]?.config.batch_input_shape;
  if (layers === undefined || !Array.isArray(inputShape) || inputShape.length !== 4) return undefined;
  const [, inHeight, inWidth, inChannels] = inputShape as unknown[];
  if (![inHeight, inWidth, inChannels].every((size) => Number.isInteger(size))) return undefined;

  const kernels = activeKernels();
  const used = new Set<string>();
  const context: LayerContext = {
    kernels,
    steps: [],
    shape: [inHeight, inWidth, inChannels] as number[],
    weight(layer, name, expected) {
      const key = `${layer}/${name}`;
      const tensor = weights[key];
      if (!sameShape(tensor, expected)) throw new Unsupported(`weight ${key}`);
      used.add(key);
      return tensor;
    },
  };
  try {
    for (const { class_name: className, config } of layers) {
      const compile = LAYER_COMPILERS.get(className);
      if (compile === undefined) throw new Unsupported(className);
      compile(config, typeof config.name === 'string' ? config.name : '', context);
    }
    const names = Object.keys(weights);
    if (context.shape.length !== 1 || names.length !== used.size || names.some((key) => !used.has(key))) throw new Unsupported('output or weights');
  } catch (error) {
    if (error instanceof Unsupported) return undefined;
    throw error;
  }

  const { backend } = kernels;
  const { steps, shape: [classes = 0] } = context;
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
