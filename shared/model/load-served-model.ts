import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import type { ArtifactManifest } from '../artifact';
import type { ArtifactSource } from '../artifact/artifact-source';
import { checkModelInput, readModelArtifact } from './read-model-artifact';
import type { ModelArtifact } from './read-model-artifact';

/** A model ready to serve: its manifest and the loaded tfjs LayersModel. */
export interface ServedModel {
  manifest: ArtifactManifest;
  model: tfl.LayersModel;
  origin: string;
}

/** Builds the tfjs-layers model of an artifact `readModelArtifact` has read and verified. */
export async function loadLayersModelOf(artifact: ModelArtifact): Promise<ServedModel> {
  const { modelTopology, weightSpecs, weightBuffers } = artifact;
  const model = await tfl.loadLayersModel(tf.io.fromMemory({ modelTopology, weightSpecs, weightData: weightBuffers }));
  try {
    checkModelInput(artifact, model.inputs[0]?.shape ?? []);
  } catch (error) {
    model.dispose();
    throw error;
  }
  return { manifest: artifact.manifest, model, origin: artifact.origin };
}

/**
 * Validates an artifact (manifest schema, every file's size and sha256) and loads its model with
 * stock tfjs-layers. Throws `ArtifactError` for anything wrong with the artifact.
 */
export async function loadServedModel(source: ArtifactSource): Promise<ServedModel> {
  return loadLayersModelOf(await readModelArtifact(source));
}
