import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { ArtifactError, MANIFEST_FILE, MODEL_FILE, parseManifest, verifyArtifactFiles } from '../artifact';
import type { ArtifactManifest } from '../artifact';
import type { ArtifactSource } from '../artifact/artifact-source';

/** A model ready to serve: its manifest and the loaded tfjs LayersModel. */
export interface ServedModel {
  manifest: ArtifactManifest;
  model: tfl.LayersModel;
  origin: string;
}

const decoder = new TextDecoder();

function parseJsonFile(source: ArtifactSource, path: string): unknown {
  const bytes = source.files.get(path);
  if (bytes === undefined) throw new ArtifactError(`${source.origin}: ${path} is missing`);
  try {
    return JSON.parse(decoder.decode(bytes));
  } catch {
    throw new ArtifactError(`${source.origin}: ${path} is not valid JSON`);
  }
}

interface ModelJson {
  modelTopology: object;
  weightsManifest: { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[];
}

function asModelJson(value: unknown, origin: string): ModelJson {
  const candidate = value as Partial<ModelJson> | null;
  if (
    typeof candidate !== 'object' || candidate === null ||
    typeof candidate.modelTopology !== 'object' || !Array.isArray(candidate.weightsManifest)
  ) {
    throw new ArtifactError(`${origin}: ${MODEL_FILE} is not a tfjs layers-model (needs modelTopology and weightsManifest)`);
  }
  return candidate as ModelJson;
}

/**
 * Validates an artifact (manifest schema, every file's size and sha256) and loads its model with
 * stock tfjs-layers. Throws `ArtifactError` for anything wrong with the artifact.
 */
export async function loadServedModel(source: ArtifactSource): Promise<ServedModel> {
  const manifest = parseManifest(parseJsonFile(source, MANIFEST_FILE));
  await verifyArtifactFiles(manifest, source.files);
  const modelJson = asModelJson(parseJsonFile(source, MODEL_FILE), source.origin);

  const weightSpecs = modelJson.weightsManifest.flatMap((group) => group.weights);
  const weightBuffers = modelJson.weightsManifest.flatMap((group) =>
    group.paths.map((path) => {
      const bytes = source.files.get(path);
      if (bytes === undefined) throw new ArtifactError(`${source.origin}: weights file ${path} is missing`);
      return bytes.slice().buffer;
    }),
  );
  const model = await tfl.loadLayersModel(
    tf.io.fromMemory({ modelTopology: modelJson.modelTopology, weightSpecs, weightData: weightBuffers }),
  );
  const [, height, width, channels] = model.inputs[0]?.shape ?? [];
  const { input } = manifest;
  if (height !== input.height || width !== input.width || channels !== input.channels) {
    model.dispose();
    throw new ArtifactError(
      `${source.origin}: model input is ${height}×${width}×${channels}, manifest says ${input.height}×${input.width}×${input.channels}`,
    );
  }
  return { manifest, model, origin: source.origin };
}
