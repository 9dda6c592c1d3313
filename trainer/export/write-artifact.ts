import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import {
  FORMAT_VERSION,
  MANIFEST_FILE,
  MODEL_FILE,
  parseManifest,
  serializeManifestJson,
  serializeModelJson,
  sha256Hex,
} from '../../shared/artifact';
import type { ArtifactFileEntry, ArtifactManifest } from '../../shared/artifact';
import type { InputSpec, PreprocessSpec } from '../../shared/preprocess';
import { replaceDirectory } from '../io/replace-directory';
import { writeFileAtomic } from '../io/write-file-atomic';

/** This package's version, recorded in every manifest. */
export const EDGEFUSE_VERSION = '0.1.0';

/** File name of the weights inside an artifact. */
export const WEIGHTS_FILE = 'weights.bin';

/** What the manifest says about the model besides its files. */
export interface ArtifactDescription {
  name: string;
  version: string;
  labels: string[];
  input: InputSpec;
  preprocessing: PreprocessSpec;
  metrics: Record<string, number>;
  training?: Record<string, unknown>;
}

/** Serializes a LayersModel into tfjs `model.json` + one weights buffer, in memory. */
async function serializeModel(model: tfl.LayersModel): Promise<{ modelJson: Uint8Array; weights: Uint8Array }> {
  let captured: tf.io.ModelArtifacts | undefined;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      captured = artifacts;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  if (captured?.weightData === undefined || captured.weightSpecs === undefined) {
    throw new Error('model.save produced no weights');
  }
  const weights = new Uint8Array(tf.io.concatenateArrayBuffers(captured.weightData));
  const modelJson = {
    format: 'layers-model',
    generatedBy: captured.generatedBy,
    convertedBy: 'edgefuse',
    modelTopology: captured.modelTopology,
    weightsManifest: [{ paths: [WEIGHTS_FILE], weights: captured.weightSpecs }],
  };
  return { modelJson: serializeModelJson(modelJson), weights };
}

/**
 * Writes a complete artifact (model.json, weights.bin, manifest.json) to `outDir`.
 * Everything is written into a staging directory first and swapped in at the end, so `outDir`
 * never holds a half-written artifact. Returns the manifest written.
 */
export async function writeArtifact(
  model: tfl.LayersModel,
  description: ArtifactDescription,
  outDir: string,
): Promise<ArtifactManifest> {
  const { modelJson, weights } = await serializeModel(model);
  const files: ArtifactFileEntry[] = [];
  for (const [path, bytes] of [[MODEL_FILE, modelJson], [WEIGHTS_FILE, weights]] as const) {
    files.push({ path, bytes: bytes.byteLength, sha256: await sha256Hex(bytes) });
  }
  const { input, alphaBackground, antialias, mean, std } = { ...description.preprocessing };
  const manifest = parseManifest({
    formatVersion: FORMAT_VERSION,
    name: description.name,
    version: description.version,
    labels: description.labels,
    input,
    preprocessing: { alphaBackground, antialias, mean, std },
    output: 'logits',
    metrics: description.metrics,
    createdAt: new Date().toISOString(),
    files,
    ...(description.training ? { training: description.training } : {}),
    tfjsVersion: tf.version_core,
    edgefuseVersion: EDGEFUSE_VERSION,
  });

  const staged = `${outDir}.staging-${process.pid}-${Date.now()}`;
  await mkdir(staged, { recursive: true });
  try {
    await writeFileAtomic(join(staged, MODEL_FILE), modelJson);
    await writeFileAtomic(join(staged, WEIGHTS_FILE), weights);
    await writeFileAtomic(join(staged, MANIFEST_FILE), serializeManifestJson(manifest));
    await replaceDirectory(staged, outDir);
  } catch (error) {
    await rm(staged, { recursive: true, force: true });
    throw error;
  }
  return manifest;
}
