import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import type { ArtifactSource } from '../../shared/artifact';
import { checkModelInput, loadLayersModelOf, readModelArtifact } from '../../shared/model';
import type { ModelArtifact } from '../../shared/model';
import { compileSequential, mayCompile } from './compile-sequential';
import type { ServingModel } from './serving-model';
import { writeWeights } from './write-weights';

/**
 * A `Sequential` LayersModel's chain of `layer.call`s in one `tidy`: the same kernels `predict`
 * runs, without its per-call batching (slice, concat) and symbolic checks per layer. Any other
 * graph goes through `predict`.
 */
function runLayers(model: tfl.LayersModel, input: tf.Tensor4D): tf.Tensor | tf.Tensor[] {
  if (!(model instanceof tfl.Sequential)) return model.predict(input);
  return tf.tidy(() => {
    let output: tf.Tensor | tf.Tensor[] = input;
    for (const layer of model.layers) {
      if (layer.getClassName() === 'InputLayer') continue;
      const result = layer.call(output, {});
      // A nested model (Teachable Machine's backbone) answers a list of its one output, as predict would unwrap.
      output = Array.isArray(result) && result.length === 1 && result[0] !== undefined ? result[0] : result;
    }
    return output;
  });
}

/** The kernel chain of `artifact`, or `undefined` when it is not one the compiler covers (weights then freed). */
function compiledModel(artifact: ModelArtifact): ServingModel | undefined {
  if (!mayCompile(artifact.modelTopology)) return undefined;
  // Dequantized as tfjs-layers loads them: straight to the backend, or through tfjs' decoder and tensors.
  let written = writeWeights(artifact.weightBuffers, artifact.weightSpecs, tf.backend());
  if (written === undefined) {
    const tensors = tf.io.decodeWeights(artifact.weightBuffers, artifact.weightSpecs);
    written = { weights: tensors, release: () => tf.dispose(Object.values(tensors)) };
  }
  const chain = compileSequential(artifact.modelTopology, written.weights, written.release);
  if (chain === undefined) {
    written.release();
    return undefined;
  }
  try {
    checkModelInput(artifact, chain.inputShape);
  } catch (error) {
    chain.dispose();
    throw error;
  }
  return {
    manifest: artifact.manifest, origin: artifact.origin, runner: 'kernels', paramCount: chain.paramCount,
    predict: (batch, count) => chain.predict(batch, count), dispose: () => chain.dispose(),
  };
}

/**
 * Validates an artifact (manifest, sizes, sha256) and makes it servable: a Sequential model of
 * the layers `compileSequential` covers runs as plain kernel calls (no tfjs-layers objects are
 * built, which is most of a cold model load); any other runs through tfjs-layers. Both give the
 * scores tfjs-layers' `predict` gives. Throws `ArtifactError` for anything wrong with the artifact.
 */
export async function loadServingModel(source: ArtifactSource): Promise<ServingModel> {
  return servingModelOf(await readModelArtifact(source));
}

/** `loadServingModel` for an artifact already read and checked (the bundled model: `checkedModelArtifact`). */
export async function servingModelOf(artifact: ModelArtifact): Promise<ServingModel> {
  const compiled = compiledModel(artifact);
  if (compiled !== undefined) return compiled;
  const { manifest, model, origin } = await loadLayersModelOf(artifact);
  const { height, width, channels } = manifest.input;
  return {
    manifest, origin, runner: 'layers', paramCount: model.countParams(),
    predict(batch, count) {
      const input = tf.tensor4d(batch, [count, height, width, channels]);
      let output: tf.Tensor | tf.Tensor[];
      try {
        output = runLayers(model, input);
      } finally {
        input.dispose();
      }
      if (Array.isArray(output)) {
        tf.dispose(output);
        throw new Error(`${origin}: the model has ${output.length} outputs; a classifier has one`);
      }
      const values = output.dataSync<'float32'>(); // the wasm backend computes on this thread anyway
      output.dispose();
      return values;
    },
    dispose: () => model.dispose(),
  };
}
