import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** How `saveLayersModelDir` lays the files out. */
export interface SaveLayersModelOptions {
  /** Split the weights into shards of at most this many bytes (tensorflowjs_converter uses 4 MiB). */
  shardBytes?: number;
  /** Wrap the topology as the Keras converter does: `{ keras_version, backend, model_config }`. */
  kerasWrapped?: boolean;
  /** `generatedBy` / `convertedBy` stamps written into model.json. */
  generatedBy?: string;
  convertedBy?: string | null;
  /** Shard names `group1-shard{i}of{n}.bin` (converter style) or, with one shard, this name. */
  singleShardName?: string;
  /** Extra files to write next to model.json (e.g. Teachable Machine's metadata.json). */
  extraFiles?: Record<string, string>;
}

/**
 * Saves `model` to `dir` in tfjs LayersModel format, as tensorflowjs_converter or Teachable
 * Machine would: model.json (`format: layers-model`, topology, weightsManifest) plus weight
 * shards. Tests build their "models trained elsewhere" in-process and save them with this
 * (tfjs-node's `file://` handler is not installable here). Returns the shard file names.
 */
export async function saveLayersModelDir(model: tfl.LayersModel, dir: string, options: SaveLayersModelOptions = {}): Promise<string[]> {
  let captured: tf.io.ModelArtifacts | undefined;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      captured = artifacts;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  if (captured?.weightData === undefined || captured.weightSpecs === undefined || typeof captured.modelTopology !== 'object') {
    throw new Error('model.save produced no topology or weights');
  }
  const data = new Uint8Array(tf.io.concatenateArrayBuffers(captured.weightData));
  const shardBytes = options.shardBytes ?? 4 * 1024 * 1024;
  const count = Math.max(1, Math.ceil(data.byteLength / shardBytes));
  const names = Array.from({ length: count }, (_, index) =>
    count === 1 && options.singleShardName !== undefined ? options.singleShardName : `group1-shard${index + 1}of${count}.bin`,
  );
  await mkdir(dir, { recursive: true });
  for (const [index, name] of names.entries()) await writeFile(join(dir, name), data.subarray(index * shardBytes, (index + 1) * shardBytes));
  const topology = options.kerasWrapped
    ? { keras_version: '2.15.0', backend: 'tensorflow', model_config: captured.modelTopology, training_config: { loss: 'categorical_crossentropy' } }
    : captured.modelTopology;
  const modelJson = {
    format: 'layers-model',
    generatedBy: options.generatedBy ?? captured.generatedBy ?? 'TensorFlow.js tfjs-layers',
    convertedBy: options.convertedBy === undefined ? null : options.convertedBy,
    modelTopology: topology,
    weightsManifest: [{ paths: names, weights: captured.weightSpecs }],
  };
  await writeFile(join(dir, 'model.json'), JSON.stringify(modelJson));
  for (const [name, content] of Object.entries(options.extraFiles ?? {})) await writeFile(join(dir, name), content);
  return names;
}
