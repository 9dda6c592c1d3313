import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { join } from 'node:path';
import { MODEL_FILE } from '../../shared/artifact';
import { ImportError } from './import-error';
import type { LayersModelDir } from './read-layers-model-dir';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * True when Keras 3 wrote the topology (TensorFlow ≥ 2.16's default): its `batch_shape` input
 * layers, dtype policies and node format are not what tfjs-layers 4.22 reads.
 */
export function writtenByKeras3(topology: Record<string, unknown>): boolean {
  if (typeof topology.keras_version === 'string' && topology.keras_version.startsWith('3.')) return true;
  const root = isRecord(topology.model_config) ? topology.model_config : topology;
  const layers = isRecord(root.config) && Array.isArray(root.config.layers) ? root.config.layers : [];
  return layers.some((layer) => isRecord(layer) && layer.class_name === 'InputLayer' && isRecord(layer.config) && 'batch_shape' in layer.config);
}

/**
 * Loads a checked LayersModel directory with stock tfjs-layers (the loader the worker uses).
 * A model tfjs-layers cannot build is an `ImportError` with tfjs' reason, plus how to convert
 * again when Keras 3 wrote it.
 */
export async function loadLayersModel(source: LayersModelDir): Promise<tfl.LayersModel> {
  try {
    return await tfl.loadLayersModel(
      tf.io.fromMemory({ modelTopology: source.modelTopology, weightSpecs: source.weightSpecs, weightData: source.weightData.slice().buffer }),
    );
  } catch (error) {
    const message = error instanceof Error ? (error.message.split('\n')[0] ?? error.message) : String(error);
    const hint = writtenByKeras3(source.modelTopology)
      ? ' (Keras 3 wrote this model, which tfjs-layers 4.22 cannot read: convert it with Keras 2, e.g. pip install tf_keras and TF_USE_LEGACY_KERAS=1 tensorflowjs_converter …)'
      : '';
    throw new ImportError(`${join(source.dir, MODEL_FILE)}: tfjs-layers cannot load it: ${message}${hint}`);
  }
}
