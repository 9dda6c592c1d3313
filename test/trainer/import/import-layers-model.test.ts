import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseManifest, serializeManifestJson, serializeModelJson, sha256Hex } from '../../../shared/artifact';
import { loadServedModel, predictScores } from '../../../shared/model';
import { initWasmTrainingBackend } from '../../../trainer/backends/wasm';
import { importLayersModel } from '../../../trainer/import/import-layers-model';
import { readArtifactDir } from '../../../trainer/predict/read-artifact-dir';
import { createKerasCnn, createLayerZooModel, createTeachableMachineModel, teachableMachineMetadata } from '../../helpers/imported-models';
import { saveLayersModelDir } from '../../helpers/save-layers-model-dir';

let dir = '';

beforeAll(async () => {
  await initWasmTrainingBackend();
  dir = await mkdtemp(join(tmpdir(), 'edgefuse-import-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Deterministic pseudo-random images in the model's input range. */
function images(count: number, size: number, channels: number, seed: number): Float32Array[] {
  let state = seed;
  const next = () => ((state = (state * 1103515245 + 12345) % 2147483648) / 2147483648);
  return Array.from({ length: count }, () => Float32Array.from({ length: size * size * channels }, next));
}

function originalScores(model: tfl.LayersModel, batch: Float32Array[], shape: [number, number, number], softmax: boolean): number[][] {
  return tf.tidy(() => {
    const input = tf.tensor4d(Float32Array.from(batch.flatMap((image) => Array.from(image))), [batch.length, ...shape]);
    const output = model.predict(input) as tf.Tensor2D;
    return (softmax ? tf.softmax(output) : output).arraySync();
  });
}

describe('importLayersModel', () => {
  it('should import a sharded Keras-converted CNN as a float artifact with the same scores', async () => {
    const model = createKerasCnn({ seed: 5, softmax: false });
    const from = join(dir, 'keras-cnn');
    const shards = await saveLayersModelDir(model, from, { shardBytes: 4096, kerasWrapped: true, generatedBy: 'keras v2.15.0', convertedBy: 'TensorFlow.js Converter v4.22.0' });
    expect(shards.length).toBeGreaterThan(1);
    const out = join(dir, 'digits');
    const { manifest, layerClasses, kernels } = await importLayersModel({ from, out, labels: '0,1,2,3,4,5,6,7,8,9', scale: 'unit' });

    expect(manifest).toMatchObject({
      name: 'digits', version: '1', output: 'logits', source: 'imported',
      input: { height: 28, width: 28, channels: 1 },
      preprocessing: { mean: [0], std: [1] },
      quantization: { format: 'none' },
    });
    expect(manifest.provenance).toMatchObject({
      format: 'layers-model', importedFrom: from, generatedBy: 'keras v2.15.0', convertedBy: 'TensorFlow.js Converter v4.22.0',
      preprocessingFrom: '--scale unit', outputFrom: 'linear (no) activation of layer "dense"', labelsFrom: '--labels',
    });
    const original = await readFile(join(from, 'model.json'));
    expect(manifest.provenance?.files.map((file) => file.path)).toEqual(['model.json', ...shards]);
    expect(manifest.provenance?.files[0]?.sha256).toBe(await sha256Hex(new Uint8Array(original)));
    expect(layerClasses).toEqual({ Conv2D: 2, BatchNormalization: 1, Activation: 1, MaxPooling2D: 1, Flatten: 1, Dropout: 1, Dense: 1 });
    expect(kernels).toContain('FusedConv2D');

    const served = await loadServedModel(await readArtifactDir(out));
    const batch = images(4, 28, 1, 11);
    const scores = await predictScores(served, batch);
    const expected = originalScores(model, batch, [28, 28, 1], true);
    scores.forEach((row, index) => row.forEach((score, cls) => expect(Math.abs(score - (expected[index]?.[cls] ?? Number.NaN))).toBeLessThan(1e-5)));
    served.model.dispose();
    model.dispose();
  });

  it('should import a Teachable Machine folder: labels, convention and probabilities from its files', async () => {
    const labels = ['Class 1', 'Class 2', 'Hintergrund'];
    const model = createTeachableMachineModel({ seed: 2, classes: 3, imageSize: 32 });
    const from = join(dir, 'tm');
    await saveLayersModelDir(model, from, { singleShardName: 'weights.bin', extraFiles: { 'metadata.json': teachableMachineMetadata(labels, 32) } });
    const out = join(dir, 'tm-artifact');
    const { manifest, layerClasses } = await importLayersModel({ from, out, name: 'plants' });

    expect(manifest).toMatchObject({ name: 'plants', labels, output: 'probabilities', input: { height: 32, width: 32, channels: 3 } });
    expect(manifest.preprocessing.mean).toEqual([127 / 255, 127 / 255, 127 / 255]);
    expect(manifest.preprocessing.std).toEqual([127 / 255, 127 / 255, 127 / 255]);
    expect(manifest.provenance?.labelsFrom).toBe('metadata.json');
    expect(manifest.provenance?.outputFrom).toBe('softmax activation of layer "dense_Dense2"');
    expect(manifest.provenance?.teachableMachine).toMatchObject({ tmVersion: '2.4.10', packageName: '@teachablemachine/image', imageSize: 32 });
    expect(manifest.provenance?.files.map((file) => file.path)).toEqual(['model.json', 'weights.bin', 'metadata.json']);
    expect(layerClasses).toMatchObject({ Sequential: 2, Model: 1, Add: 1, ReLU: 3, DepthwiseConv2D: 1, ZeroPadding2D: 1, GlobalAveragePooling2D: 1, Dense: 2 });

    const served = await loadServedModel(await readArtifactDir(out));
    const batch = images(3, 32, 3, 4).map((image) => image.map((value) => value * 2 - 1)); // TM's [-1, 1]
    const scores = await predictScores(served, batch);
    const expected = originalScores(model, batch, [32, 32, 3], false);
    scores.forEach((row, index) => {
      expect(row.reduce((sum, value) => sum + value, 0)).toBeCloseTo(1, 5);
      row.forEach((score, cls) => expect(Math.abs(score - (expected[index]?.[cls] ?? Number.NaN))).toBeLessThan(1e-5));
    });
    served.model.dispose();
    model.dispose();
  });

  it('should write files the bundled worker can re-create byte for byte', async () => {
    const source = await readArtifactDir(join(dir, 'tm-artifact'));
    const manifestBytes = source.files.get('manifest.json') ?? new Uint8Array();
    const modelBytes = source.files.get('model.json') ?? new Uint8Array();
    const decode = (bytes: Uint8Array): unknown => JSON.parse(new TextDecoder().decode(bytes));
    expect(serializeManifestJson(decode(manifestBytes))).toEqual(manifestBytes);
    expect(serializeModelJson(decode(modelBytes))).toEqual(modelBytes);
    expect(parseManifest(decode(manifestBytes)).files.map((file) => file.path)).toEqual(['model.json', 'weights.bin']);
    expect((await readdir(dir)).filter((name) => name.includes('staging'))).toEqual([]);
  });
});

describe('importLayersModel: layer coverage', () => {
  it('should import the layer zoo (a Softmax layer last) with the same scores', async () => {
    const model = createLayerZooModel({ seed: 9, classes: 4 });
    const from = join(dir, 'zoo');
    await saveLayersModelDir(model, from);
    const out = join(dir, 'zoo-artifact');
    const { manifest, kernels } = await importLayersModel({ from, out, labels: 'a,b,c,d', scale: 'unit' });
    expect(manifest.output).toBe('probabilities');
    expect(manifest.provenance?.outputFrom).toBe('Softmax layer "probabilities"');
    expect(kernels.length).toBeGreaterThan(20);
    const served = await loadServedModel(await readArtifactDir(out));
    const batch = images(3, 16, 3, 8);
    const scores = await predictScores(served, batch);
    const expected = originalScores(model, batch, [16, 16, 3], false);
    scores.forEach((row, index) => row.forEach((score, cls) => expect(Math.abs(score - (expected[index]?.[cls] ?? Number.NaN))).toBeLessThan(1e-5)));
    served.model.dispose();
    model.dispose();
  });
});
