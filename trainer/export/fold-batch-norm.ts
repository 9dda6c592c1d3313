import type { SerializedModel } from './serialized-model';
import { joinWeightData, splitWeightData } from './split-weight-data';
import type { NamedWeight } from './split-weight-data';

/** A Keras layer entry of a Sequential topology. */
interface LayerEntry {
  class_name: string;
  config: Record<string, unknown>;
}

/** What `foldBatchNorm` did. */
export interface FoldBatchNormResult {
  model: SerializedModel;
  /** Names of the BatchNormalization layers folded into their preceding layer. */
  folded: string[];
  /** BatchNormalization layers kept, each with why (e.g. the preceding layer has an activation). */
  kept: string[];
}

/** Kernel weight name per foldable layer class; the output channel is the kernel's last axis. */
const KERNEL_OF: Record<string, string> = { Conv2D: 'kernel', Dense: 'kernel', DepthwiseConv2D: 'depthwise_kernel' };

function isLayerEntry(value: unknown): value is LayerEntry {
  const entry = value as Partial<LayerEntry> | null;
  return typeof entry === 'object' && entry !== null && typeof entry.class_name === 'string' && typeof entry.config === 'object';
}

/** Layers of a Sequential topology, or undefined for any other kind of model. */
export function sequentialLayers(topology: Record<string, unknown>): LayerEntry[] | undefined {
  const config = topology.config as { layers?: unknown } | undefined;
  if (topology.class_name !== 'Sequential' || !Array.isArray(config?.layers) || !config.layers.every(isLayerEntry)) return undefined;
  return config.layers;
}

function floats(weight: NamedWeight | undefined, name: string): Float32Array {
  if (weight === undefined || weight.spec.dtype !== 'float32') throw new Error(`foldBatchNorm: weight ${name} is missing or not float32`);
  return new Float32Array(weight.bytes.slice().buffer);
}

/** Why `bn` cannot be folded into `previous`, or undefined when it can. */
function whyNotFoldable(previous: LayerEntry | undefined, bn: LayerEntry): string | undefined {
  if (previous === undefined || KERNEL_OF[previous.class_name] === undefined) return 'not preceded by Conv2D/Dense/DepthwiseConv2D';
  const activation = previous.config.activation ?? 'linear';
  if (activation !== 'linear') return `preceding layer has activation ${String(activation)}`;
  if ((previous.config.data_format ?? 'channels_last') !== 'channels_last') return 'preceding layer is channels_first';
  const axis = bn.config.axis ?? -1;
  const lastAxis = previous.class_name === 'Dense' ? 1 : 3;
  if (axis !== -1 && axis !== lastAxis) return `normalizes axis ${String(axis)}, not the channel axis`;
  return undefined;
}

/**
 * Folds every BatchNormalization layer of a Sequential model into the Conv2D / Dense /
 * DepthwiseConv2D right before it (when that layer has no activation of its own):
 * `f = γ / √(σ² + ε)`, `W' = W · f` per output channel, `b' = (b − μ) · f + β`. The moving
 * statistics are inference-only constants, so the folded model computes the same function with
 * one layer less and no BN weights. Other models are returned unchanged.
 */
export function foldBatchNorm(serialized: SerializedModel): FoldBatchNormResult {
  const layers = sequentialLayers(serialized.modelTopology);
  if (layers === undefined || !layers.some((layer) => layer.class_name === 'BatchNormalization')) {
    return { model: serialized, folded: [], kept: [] };
  }
  const weights = splitWeightData(serialized.weightSpecs, serialized.weightData);
  const removed = new Set<string>(); // weight names of folded BN layers
  const folded: string[] = [];
  const kept: string[] = [];
  const outLayers: LayerEntry[] = [];
  for (const layer of layers) {
    const previous = outLayers[outLayers.length - 1];
    const bnName = String(layer.config.name);
    if (layer.class_name !== 'BatchNormalization') {
      outLayers.push(layer);
      continue;
    }
    const why = whyNotFoldable(previous, layer);
    if (why !== undefined || previous === undefined) {
      kept.push(`${bnName}: ${why ?? 'first layer'}`);
      outLayers.push(layer);
      continue;
    }
    const layerName = String(previous.config.name);
    const kernelName = `${layerName}/${KERNEL_OF[previous.class_name] ?? 'kernel'}`;
    const kernelWeight = weights.get(kernelName);
    const kernel = floats(kernelWeight, kernelName);
    const mean = floats(weights.get(`${bnName}/moving_mean`), `${bnName}/moving_mean`);
    const variance = floats(weights.get(`${bnName}/moving_variance`), `${bnName}/moving_variance`);
    const channels = mean.length;
    const gamma = layer.config.scale === false ? new Float32Array(channels).fill(1) : floats(weights.get(`${bnName}/gamma`), `${bnName}/gamma`);
    const beta = layer.config.center === false ? new Float32Array(channels) : floats(weights.get(`${bnName}/beta`), `${bnName}/beta`);
    const epsilon = typeof layer.config.epsilon === 'number' ? layer.config.epsilon : 1e-3;
    const hasBias = previous.config.use_bias !== false;
    const bias = hasBias ? floats(weights.get(`${layerName}/bias`), `${layerName}/bias`) : new Float32Array(channels);
    if (kernel.length % channels !== 0 || bias.length !== channels) {
      throw new Error(`foldBatchNorm: ${bnName} has ${channels} channels, ${kernelName} has ${kernel.length} values`);
    }
    const factor = Array.from(gamma, (g, c) => g / Math.sqrt((variance[c] ?? 1) + epsilon)); // [channels]
    for (let index = 0; index < kernel.length; index++) kernel[index] = (kernel[index] ?? 0) * (factor[index % channels] ?? 1);
    for (let c = 0; c < channels; c++) bias[c] = ((bias[c] ?? 0) - (mean[c] ?? 0)) * (factor[c] ?? 1) + (beta[c] ?? 0);

    weights.set(kernelName, { spec: kernelWeight?.spec ?? { name: kernelName, shape: [kernel.length], dtype: 'float32' }, bytes: new Uint8Array(kernel.buffer) });
    weights.set(`${layerName}/bias`, { spec: { name: `${layerName}/bias`, shape: [channels], dtype: 'float32' }, bytes: new Uint8Array(bias.buffer) });
    for (const part of ['gamma', 'beta', 'moving_mean', 'moving_variance']) removed.add(`${bnName}/${part}`);
    outLayers[outLayers.length - 1] = { ...previous, config: { ...previous.config, use_bias: true } };
    folded.push(bnName);
  }

  // Keep the original order; a bias that did not exist before goes right after its kernel.
  const ordered: NamedWeight[] = [];
  const seen = new Set<string>();
  const push = (name: string) => {
    const weight = weights.get(name);
    if (weight !== undefined && !removed.has(name) && !seen.has(name)) {
      ordered.push(weight);
      seen.add(name);
    }
  };
  for (const spec of serialized.weightSpecs) {
    push(spec.name);
    const layerName = spec.name.slice(0, spec.name.lastIndexOf('/'));
    if (/\/(depthwise_)?kernel$/.test(spec.name)) push(`${layerName}/bias`);
  }
  const topologyConfig = serialized.modelTopology.config as Record<string, unknown>;
  return {
    model: {
      ...serialized,
      modelTopology: { ...serialized.modelTopology, config: { ...topologyConfig, layers: outLayers } },
      ...joinWeightData(ordered),
    },
    folded,
    kept,
  };
}
