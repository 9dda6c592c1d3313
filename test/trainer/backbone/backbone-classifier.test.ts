import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBackboneClassifier } from '../../../trainer/backbone/create-backbone-classifier';
import { cutBackbone } from '../../../trainer/backbone/cut-backbone';
import { loadBackbone } from '../../../trainer/backbone/load-backbone';
import { unfreezeTopLayers } from '../../../trainer/backbone/unfreeze-top-layers';
import { initWasmTrainingBackend } from '../../../trainer/backends/wasm';
import { resolveTrainConfig } from '../../../trainer/config/train-config';
import type { Dataset } from '../../../trainer/data/dataset';
import { loadDataset } from '../../../trainer/data/load-dataset';
import { runTraining } from '../../../trainer/run-training';
import { evaluate } from '../../../trainer/train/evaluate';
import { trainLoop } from '../../../trainer/train/train-loop';
import { createTeachableMachineModel, teachableMachineMetadata } from '../../helpers/imported-models';
import { saveLayersModelDir } from '../../helpers/save-layers-model-dir';
import { writeMnistSubset } from '../../helpers/write-mnist-subset';

let dir = '';
let secondTask: Dataset;

/** Every weight of `layers` as raw bytes, by weight name. */
function weightBytes(model: tfl.LayersModel, layers: readonly string[]): Map<string, Uint8Array> {
  const bytes = new Map<string, Uint8Array>();
  for (const name of layers) {
    for (const weight of model.getLayer(name).weights) bytes.set(weight.name, new Uint8Array((weight.read().dataSync() as Float32Array).slice().buffer));
  }
  return bytes;
}

function changed(before: Map<string, Uint8Array>, after: Map<string, Uint8Array>): string[] {
  return [...before].filter(([name, bytes]) => Buffer.compare(Buffer.from(bytes), Buffer.from(after.get(name) ?? new Uint8Array())) !== 0).map(([name]) => name);
}

function trainConfig(overrides: Record<string, unknown> = {}) {
  return resolveTrainConfig({ data: 'unused', seed: 5, epochs: 1, batchSize: 32, lr: 0.01, warmupSteps: 0, threads: 1, dropout: 0, labelSmoothing: 0, progress: false, ...overrides });
}

beforeAll(async () => {
  await initWasmTrainingBackend();
  dir = await mkdtemp(join(tmpdir(), 'edgefuse-backbone-'));
  await writeMnistSubset(join(dir, 'digits-0-4'), [0, 1, 2, 3, 4], { train: 1280, test: 200 });
  await writeMnistSubset(join(dir, 'digits-5-9'), [5, 6, 7, 8, 9], { train: 640, test: 400 });
  // The first task: an edgefuse model trained on digits 0–4 (float32, so the backbone is exact).
  await runTraining(
    resolveTrainConfig({
      data: `idx:${join(dir, 'digits-0-4')}`, out: join(dir, 'pretrained'), runDir: join(dir, 'pretrain-run'), seed: 3, epochs: 1,
      batchSize: 32, lr: 0.005, warmupSteps: 5, threads: 1, quantize: 'none', progress: false, checkpointEvery: 0,
    }),
  );
  secondTask = await loadDataset(trainConfig({ data: `idx:${join(dir, 'digits-5-9')}` }));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
  tf.disposeVariables();
});

describe('a pretrained edgefuse model as a frozen backbone', () => {
  it('should cut below the classifier, train only the new head and keep every backbone weight bit-identical', async () => {
    const backbone = await loadBackbone(join(dir, 'pretrained'));
    expect(backbone.preprocessing).toMatchObject({ input: { height: 28, width: 28, channels: 1 }, mean: [0], std: [1] });
    const cut = cutBackbone(backbone.model);
    expect(cut.featureShape).toEqual([576]); // cnn-3conv's 3×3×64 features, flattened
    const { model, backboneLayers, headLayers } = createBackboneClassifier(cut, { numClasses: 5, seed: 1 });
    expect(headLayers).toEqual(['edgefuse_head_logits']);
    expect(model.trainableWeights.map((weight) => weight.name)).toEqual(['edgefuse_head_logits/kernel', 'edgefuse_head_logits/bias']);

    const chance = await evaluate(model, secondTask.test, secondTask.preprocessing);
    const frozen = weightBytes(model, backboneLayers);
    const head = weightBytes(model, headLayers);
    const losses: number[] = [];
    await trainLoop(model, secondTask, trainConfig({ epochs: 2 }), { onStep: (step) => losses.push(step.loss) });
    const after = await evaluate(model, secondTask.test, secondTask.preprocessing);

    expect(changed(frozen, weightBytes(model, backboneLayers))).toEqual([]);
    expect(changed(head, weightBytes(model, headLayers))).toEqual(['edgefuse_head_logits/kernel', 'edgefuse_head_logits/bias']);
    expect(losses).toHaveLength(36); // 640 less 10% for validation = 576, / 32 × 2 epochs
    expect(chance.accuracy).toBeLessThan(0.45);
    expect(after.accuracy).toBeGreaterThan(0.85); // digits 5–9 from features learned on 0–4
    const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
    expect(mean(losses.slice(-5))).toBeLessThan(mean(losses.slice(0, 5)) * 0.5);

    // Fine-tuning the top layer with weights changes that layer and nothing else of the backbone.
    const unfrozen = unfreezeTopLayers(model, backboneLayers, 1);
    expect(unfrozen).toHaveLength(1);
    const beforeFineTune = weightBytes(model, backboneLayers);
    await trainLoop(model, secondTask, trainConfig({ maxSteps: 5, lr: 0.001 }));
    const moved = changed(beforeFineTune, weightBytes(model, backboneLayers));
    expect(moved.sort()).toEqual(model.getLayer(unfrozen[0] ?? '').weights.map((weight) => weight.name).sort());
    model.dispose();
  });

  it("should leave a frozen batch norm's moving statistics untouched while the head trains (a Teachable Machine folder)", async () => {
    const tm = createTeachableMachineModel({ seed: 8, classes: 3, imageSize: 32 });
    await saveLayersModelDir(tm, join(dir, 'tm'), { extraFiles: { 'metadata.json': teachableMachineMetadata(['a', 'b', 'c'], 32) } });
    tm.dispose();
    const backbone = await loadBackbone(join(dir, 'tm'));
    expect(backbone.preprocessing).toMatchObject({ input: { height: 32, width: 32, channels: 3 }, mean: [127 / 255, 127 / 255, 127 / 255] });
    const cut = cutBackbone(backbone.model);
    expect(cut.cutLayer).toBe('global_average_pooling2d_GlobalAveragePooling2D1'); // the features' last layer, below the nested head
    expect(cut.featureShape).toEqual([16]);
    const { model, backboneLayers } = createBackboneClassifier(cut, { numClasses: 5, seed: 2, dropout: 0.2 });
    const frozen = weightBytes(model, backboneLayers);
    expect([...frozen.keys()].filter((name) => name.includes('moving_'))).toHaveLength(8); // 4 batch norms
    const rgb = await loadDataset(trainConfig({ data: `idx:${join(dir, 'digits-5-9')}`, inputSize: '32x32', channels: 3 }));
    const losses: number[] = [];
    await trainLoop(model, { ...rgb, preprocessing: backbone.preprocessing }, trainConfig({ maxSteps: 6 }), { onStep: (step) => losses.push(step.loss) });
    expect(losses.every(Number.isFinite)).toBe(true);
    expect(changed(frozen, weightBytes(model, backboneLayers))).toEqual([]);
    model.dispose();
  });
});
