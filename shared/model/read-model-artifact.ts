import type * as tf from '@tensorflow/tfjs-core';
import { ArtifactError, MANIFEST_FILE, MODEL_FILE, parseManifest, verifyArtifactFiles } from '../artifact';
import type { ArtifactManifest } from '../artifact';
import type { ArtifactSource } from '../artifact/artifact-source';

/** A verified artifact's parts, before any tfjs model is built from them. */
export interface ModelArtifact {
  manifest: ArtifactManifest;
  /** model.json's `modelTopology` (a Keras model config), as parsed. */
  modelTopology: object;
  /** Every weight's spec (name, shape, dtype, quantization), in the order of `weightBuffers`' bytes. */
  weightSpecs: tf.io.WeightsManifestEntry[];
  /** The weights files' bytes, one buffer per path of the weights manifest, in order (read, never written). */
  weightBuffers: ArrayBuffer[];
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
 * model.json's parts, with each weights path's bytes from `bytesOf`: a file's bytes (a view, maybe
 * into a larger buffer) are copied into a buffer of their own; a whole buffer is used as it is.
 */
function modelPartsOf(modelJson: ModelJson, bytesOf: (path: string) => ArrayBuffer | Uint8Array | undefined, origin: string): Pick<ModelArtifact, 'modelTopology' | 'weightSpecs' | 'weightBuffers'> {
  const weightSpecs = modelJson.weightsManifest.flatMap((group) => group.weights);
  const weightBuffers = modelJson.weightsManifest.flatMap((group) =>
    group.paths.map((path) => {
      const bytes = bytesOf(path);
      if (bytes === undefined) throw new ArtifactError(`${origin}: weights file ${path} is missing`);
      return bytes instanceof Uint8Array ? bytes.slice().buffer : bytes;
    }),
  );
  return { modelTopology: modelJson.modelTopology, weightSpecs, weightBuffers };
}

/**
 * Validates an artifact (manifest schema, every file's size and sha256) and reads its model.json
 * and weights, without building a model. Throws `ArtifactError` for anything wrong with it.
 */
export async function readModelArtifact(source: ArtifactSource): Promise<ModelArtifact> {
  const manifest = parseManifest(parseJsonFile(source, MANIFEST_FILE));
  await verifyArtifactFiles(manifest, source.files);
  const modelJson = asModelJson(parseJsonFile(source, MODEL_FILE), source.origin);
  return { manifest, ...modelPartsOf(modelJson, (path) => source.files.get(path), source.origin), origin: source.origin };
}

/**
 * The `ModelArtifact` of files that `readModelArtifact` has already accepted elsewhere, from their
 * parsed JSON and the weights files' bytes: the manifest is taken as it is (no schema parse, no
 * sha256). The worker's bundled model is read this way: `tools/check-bundled-model.ts` runs
 * `readModelArtifact` on the same files before wrangler bundles them (wrangler.toml `[build]`),
 * and bundled bytes cannot change after that, so each isolate need not check them again.
 */
export function checkedModelArtifact(manifest: unknown, modelJson: unknown, weightFiles: ReadonlyMap<string, ArrayBuffer>, origin: string): ModelArtifact {
  // The weights buffers are used as they are (the bundled module's own: no copy per isolate).
  // Checked by readModelArtifact when the worker was built (see above); only artifacts that passed it come here.
  const checked = manifest as ArtifactManifest;
  return { manifest: checked, ...modelPartsOf(asModelJson(modelJson, origin), (path) => weightFiles.get(path), origin), origin };
}

/** Throws `ArtifactError` unless the model's input `[batch, h, w, c]` is the manifest's. */
export function checkModelInput(artifact: Pick<ModelArtifact, 'manifest' | 'origin'>, shape: readonly (number | null | undefined)[]): void {
  const [, height, width, channels] = shape;
  const { input } = artifact.manifest;
  if (height !== input.height || width !== input.width || channels !== input.channels) {
    throw new ArtifactError(
      `${artifact.origin}: model input is ${height}×${width}×${channels}, manifest says ${input.height}×${input.width}×${input.channels}`,
    );
  }
}
