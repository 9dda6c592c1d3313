import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import type { EncodedModelFiles } from './encode-model-files';

/**
 * Loads encoded model files with stock tfjs-layers (`tf.io.fromMemory`, the same path
 * `shared/model`'s loader takes), so what the parity gate measures is what the worker serves.
 */
export async function loadEncodedModel(files: Pick<EncodedModelFiles, 'modelJson' | 'weights'>): Promise<tfl.LayersModel> {
  const parsed = JSON.parse(new TextDecoder().decode(files.modelJson)) as {
    modelTopology: object;
    weightsManifest: { weights: tf.io.WeightsManifestEntry[] }[];
  };
  return tfl.loadLayersModel(
    tf.io.fromMemory({
      modelTopology: parsed.modelTopology,
      weightSpecs: parsed.weightsManifest.flatMap((group) => group.weights),
      weightData: files.weights.slice().buffer,
    }),
  );
}
