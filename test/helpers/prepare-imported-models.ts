// Node side of the worker's import tests (called from test/worker/global-setup.ts): builds models
// the way Keras and Teachable Machine users do, saves them as LayersModel directories, imports
// them with `importLayersModel` and records the original models' scores for the digit fixtures.
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseManifest } from '../../shared/artifact';
import { DEFAULT_MAX_PIXELS, preprocessImage } from '../../shared/preprocess';
import { importLayersModel } from '../../trainer/import/import-layers-model';
import type { ImportOptions } from '../../trainer/import/import-layers-model';
import { resolveTrainConfig } from '../../trainer/config/train-config';
import { predictFiles } from '../../trainer/predict/predict-files';
import { runTraining } from '../../trainer/run-training';
import type { ProvidedImportedModel } from '../worker/imported-context';
import { createKerasCnn, createKernelLayersModel, createLayerZooModel, createTeachableMachineModel, fitOnMnist, teachableMachineMetadata } from './imported-models';
import { saveLayersModelDir } from './save-layers-model-dir';
import type { SaveLayersModelOptions } from './save-layers-model-dir';

const DIGIT_LABELS = '0,1,2,3,4,5,6,7,8,9';

/** The original model's probabilities for `images`, prepared as the imported manifest says. */
async function originalScores(model: tfl.LayersModel, artifactDir: string, images: readonly string[]): Promise<number[][]> {
  const manifest = parseManifest(JSON.parse(await readFile(join(artifactDir, 'manifest.json'), 'utf8')));
  const spec = { input: manifest.input, ...manifest.preprocessing };
  const { height, width, channels } = manifest.input;
  const rows: number[][] = [];
  for (const path of images) {
    const pixels = preprocessImage(new Uint8Array(await readFile(path)), spec, { maxPixels: DEFAULT_MAX_PIXELS });
    rows.push(tf.tidy(() => {
      const output = model.predict(tf.tensor4d(pixels, [1, height, width, channels])) as tf.Tensor2D;
      return (manifest.output === 'logits' ? tf.softmax(output) : output).arraySync()[0] ?? [];
    }));
  }
  return rows;
}

async function importOne(
  model: tfl.LayersModel,
  dir: string,
  images: readonly string[],
  options: Omit<ImportOptions, 'from' | 'out'> & { name: string; save?: SaveLayersModelOptions },
): Promise<ProvidedImportedModel> {
  const from = join(dir, `${options.name}-layers-model`);
  const out = join(dir, options.name);
  await saveLayersModelDir(model, from, options.save);
  await importLayersModel({ ...options, from, out });
  const names = (await readdir(out)).sort();
  return {
    name: options.name,
    files: await Promise.all(names.map(async (name) => ({ name, base64: (await readFile(join(out, name))).toString('base64') }))),
    originalScores: await originalScores(model, out, images),
    nodeScores: (await predictFiles(out, images)).map((prediction) => prediction.scores),
  };
}

/**
 * Imports five models built in-process and returns them with their scores for `images`:
 * `imported-cnn` (a Keras-style CNN trained with `fit`, logits, float32, sharded, Keras-wrapped
 * topology), `imported-cnn-u8` (the same through the parity gate on MNIST, uint8),
 * `imported-tm` (a Teachable Machine folder with metadata.json) and `imported-zoo` (most layer
 * classes, see `createLayerZooModel`) and `imported-kernel-layers` (the compiler's other layer
 * types and branches, see `createKernelLayersModel`).
 */
export async function prepareImportedModels(dir: string, images: readonly string[]): Promise<ProvidedImportedModel[]> {
  const cnn = createKerasCnn({ seed: 21, softmax: false });
  await fitOnMnist(cnn, { trainLimit: 1024, epochs: 2, logits: true });
  const tm = createTeachableMachineModel({ seed: 4, classes: 3, imageSize: 64 });
  const zoo = createLayerZooModel({ seed: 9, classes: 4 });
  const kernelLayers = createKernelLayersModel({ seed: 13, classes: 10 });
  const keras = { kerasWrapped: true, shardBytes: 8192, generatedBy: 'keras v2.15.0', convertedBy: 'TensorFlow.js Converter v4.22.0' };
  const imported = [
    await importOne(cnn, dir, images, { name: 'imported-cnn', labels: DIGIT_LABELS, scale: 'unit', save: keras }),
    await importOne(cnn, dir, images, { name: 'imported-cnn-u8', labels: DIGIT_LABELS, scale: 'unit', save: keras, parity: { data: 'mnist', limit: 500 }, quantize: 'uint8' }),
    await importOne(tm, dir, images, {
      name: 'imported-tm',
      save: { singleShardName: 'weights.bin', extraFiles: { 'metadata.json': teachableMachineMetadata(['Class 1', 'Class 2', 'Class 3'], 64) } },
    }),
    await importOne(zoo, dir, images, { name: 'imported-zoo', labels: 'w,x,y,z', scale: 'imagenet' }),
    await importOne(kernelLayers, dir, images, { name: 'imported-kernel-layers', labels: DIGIT_LABELS, scale: 'unit' }),
  ];
  for (const model of [cnn, tm, zoo, kernelLayers]) model.dispose();
  return imported;
}

/**
 * Trains a classifier for the image folder `data` on the imported Teachable Machine model as a
 * frozen backbone (its top layer fine-tuned after a few steps) and returns the artifact with
 * Node's scores for `images`: backbone + head as one model, served by the worker like any other.
 */
export async function prepareBackboneModel(dir: string, backbone: string, data: string, images: readonly string[]): Promise<ProvidedImportedModel> {
  const out = join(dir, 'on-backbone');
  await runTraining(
    resolveTrainConfig({
      data, backbone, out, runDir: join(dir, 'on-backbone-run'), cacheDir: join(dir, 'cache'), name: 'on-backbone', seed: 5, epochs: 1,
      batchSize: 16, maxSteps: 6, warmupSteps: 0, fineTuneLayers: 1, fineTuneAfter: 3, testSplit: 0.2, valSplit: 0, quantize: 'uint8', allowAccuracyDrop: true, progress: false,
    }),
  );
  const names = (await readdir(out)).filter((name) => name !== 'report.json').sort();
  const nodeScores = (await predictFiles(out, images)).map((prediction) => prediction.scores);
  return {
    name: 'on-backbone',
    files: await Promise.all(names.map(async (name) => ({ name, base64: (await readFile(join(out, name))).toString('base64') }))),
    nodeScores,
  };
}
