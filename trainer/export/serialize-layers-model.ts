import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import type { SerializedModel } from './serialized-model';

/**
 * Serializes a LayersModel in memory through tfjs' own `model.save` (no optimizer state: tfjs
 * saves it only when asked with `includeOptimizer`). Weights are float32 as trained.
 */
export async function serializeLayersModel(model: tfl.LayersModel): Promise<SerializedModel> {
  let captured: tf.io.ModelArtifacts | undefined;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      captured = artifacts;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  const topology = captured?.modelTopology;
  if (captured?.weightData === undefined || captured.weightSpecs === undefined) {
    throw new Error('model.save produced no weights');
  }
  if (typeof topology !== 'object' || topology === null || topology instanceof ArrayBuffer) {
    throw new Error('model.save produced no JSON topology');
  }
  return {
    modelTopology: topology as Record<string, unknown>,
    weightSpecs: captured.weightSpecs.map((spec) => ({ name: spec.name, shape: [...spec.shape], dtype: spec.dtype })),
    weightData: new Uint8Array(tf.io.concatenateArrayBuffers(captured.weightData)),
    ...(captured.generatedBy === undefined ? {} : { generatedBy: captured.generatedBy }),
  };
}
