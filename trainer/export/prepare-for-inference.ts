import { foldBatchNorm, sequentialLayers } from './fold-batch-norm';
import type { SerializedModel } from './serialized-model';

/** What `prepareForInference` changed, for the manifest and the CLI. */
export interface InferencePreparation {
  model: SerializedModel;
  /** BatchNormalization layers folded into the layer before them. */
  foldedBatchNorm: string[];
  /** BatchNormalization layers that could not be folded, with why. */
  keptBatchNorm: string[];
  /** Dropout layers removed (identity at inference). */
  droppedLayers: string[];
}

/** Layer classes that are the identity at inference time. */
const INFERENCE_NO_OPS = new Set(['Dropout', 'SpatialDropout1D', 'SpatialDropout2D', 'GaussianDropout', 'GaussianNoise', 'AlphaDropout']);

/** Config keys that only matter while training (`kernel_initializer`, `bias_regularizer`, …). */
const TRAINING_ONLY_KEY = /_(initializer|regularizer|constraint)$/;

function withoutTrainingKeys(config: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(config).filter(([key]) => !TRAINING_ONLY_KEY.test(key)));
}

/**
 * Reduces a serialized model to what inference needs: BatchNormalization folded into the
 * preceding conv/dense (see `foldBatchNorm`), dropout-like layers removed, and initializer /
 * regularizer / constraint settings dropped from the topology (tfjs falls back to its defaults
 * and then overwrites every weight with the loaded values). Optimizer state is never serialized.
 * Only Sequential models are restructured; others keep their layers and lose only training keys.
 */
export function prepareForInference(serialized: SerializedModel): InferencePreparation {
  const { model: folded, folded: foldedBatchNorm, kept: keptBatchNorm } = foldBatchNorm(serialized);
  const layers = sequentialLayers(folded.modelTopology);
  const droppedLayers: string[] = [];
  const config = folded.modelTopology.config as Record<string, unknown>;
  let outLayers: unknown;
  if (layers === undefined) {
    const anyLayers = config.layers;
    outLayers = Array.isArray(anyLayers)
      ? anyLayers.map((layer: { config?: Record<string, unknown> }) =>
          layer.config === undefined ? layer : { ...layer, config: withoutTrainingKeys(layer.config) },
        )
      : anyLayers;
  } else {
    outLayers = layers
      .filter((layer, index) => {
        // A first layer carries the input shape; keep it rather than move the shape around.
        const drop = index > 0 && INFERENCE_NO_OPS.has(layer.class_name);
        if (drop) droppedLayers.push(String(layer.config.name));
        return !drop;
      })
      .map((layer) => ({ ...layer, config: withoutTrainingKeys(layer.config) }));
  }
  return {
    model: { ...folded, modelTopology: { ...folded.modelTopology, config: { ...config, layers: outLayers } } },
    foldedBatchNorm,
    keptBatchNorm,
    droppedLayers,
  };
}
