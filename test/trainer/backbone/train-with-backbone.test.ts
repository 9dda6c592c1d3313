// The acceptance test of `--backbone`: an edgefuse model pretrained on MNIST digits 0–4 is the
// frozen backbone of a classifier for digits 5–9, first head only, then with its top layer
// fine-tuned; the run checkpoints, resumes and exports like any other.
import * as tf from '@tensorflow/tfjs-core';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseManifest } from '../../../shared/artifact';
import type { ArtifactManifest } from '../../../shared/artifact';
import { readLatestCheckpoint } from '../../../trainer/checkpoint/read-latest-checkpoint';
import { resolveTrainConfig } from '../../../trainer/config/train-config';
import type { TrainConfigInput } from '../../../trainer/config/train-config';
import { loadArtifact } from '../../../trainer/predict/evaluate-artifact';
import { runTraining } from '../../../trainer/run-training';
import { TrainingInterruptedError } from '../../../trainer/train/training-errors';
import { writeMnistSubset } from '../../helpers/write-mnist-subset';

let dir = '';
let pretrained: ArtifactManifest;

/** Every weight of an artifact directory's model.json + weights.bin, as raw bytes by name. */
async function weightsByName(artifactDir: string): Promise<Map<string, Buffer>> {
  const modelJson = JSON.parse(await readFile(join(artifactDir, 'model.json'), 'utf8')) as { weightsManifest: { weights: { name: string; shape: number[] }[] }[] };
  const data = await readFile(join(artifactDir, 'weights.bin'));
  const weights = new Map<string, Buffer>();
  let offset = 0;
  for (const spec of modelJson.weightsManifest.flatMap((group) => group.weights)) {
    const bytes = spec.shape.reduce((total, size) => total * size, 1) * 4;
    weights.set(spec.name, data.subarray(offset, offset + bytes));
    offset += bytes;
  }
  return weights;
}

function secondTask(name: string, overrides: TrainConfigInput = {}) {
  return resolveTrainConfig({
    data: `idx:${join(dir, 'task-5-9')}`, backbone: join(dir, 'pretrained'), out: join(dir, name), runDir: join(dir, `${name}-run`),
    seed: 9, epochs: 2, batchSize: 32, lr: 0.01, warmupSteps: 0, threads: 1, progress: false, checkpointEvery: 0, dropout: 0, labelSmoothing: 0,
    ...overrides,
  });
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'edgefuse-train-backbone-'));
  await writeMnistSubset(join(dir, 'task-0-4'), [0, 1, 2, 3, 4], { train: 1280, test: 200 });
  await writeMnistSubset(join(dir, 'task-5-9'), [5, 6, 7, 8, 9], { train: 640, test: 400 });
  const first = await runTraining(
    resolveTrainConfig({
      data: `idx:${join(dir, 'task-0-4')}`, out: join(dir, 'pretrained'), runDir: join(dir, 'pretrain-run'), name: 'digits-0-4',
      seed: 3, epochs: 1, batchSize: 32, lr: 0.005, warmupSteps: 5, threads: 1, quantize: 'none', progress: false, checkpointEvery: 0,
    }),
  );
  if (first.manifest === null) throw new Error('pretraining exported nothing');
  pretrained = first.manifest;
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('npm run train -- --backbone (digits 0–4 → digits 5–9)', () => {
  it('should train the head on frozen features, then fine-tune only the named layer, and export one model', async () => {
    let backbone: { cutLayer: string; fineTuneLayers: string[]; frozenLayers: number } | undefined;
    const tuned = new Map<number, Buffer[]>(); // step → the fine-tuned layer's weights after it
    const losses: number[] = [];
    const { manifest, report } = await runTraining(secondTask('digits-5-9', { fineTuneLayers: 1, fineTuneAfter: 20 }), {
      onBackbone: (description) => (backbone = description),
      onStep: (step) => losses.push(step.loss),
      inspect: (step, state) => {
        const prefix = `${backbone?.fineTuneLayers[0] ?? '?'}/`;
        tuned.set(step, state.params.filter((param) => param.name.startsWith(prefix)).map((param) => Buffer.from((param.dataSync() as Float32Array).slice().buffer)));
      },
    });
    if (manifest === null || backbone === undefined) throw new Error('the run exported nothing');
    expect(backbone.cutLayer).toMatch(/^flatten/); // below cnn-3conv's classifier
    expect(backbone.fineTuneLayers).toHaveLength(1);
    expect(backbone.frozenLayers).toBe(5); // 3 convolutions, 2 poolings and the flatten, less the fine-tuned convolution

    // Head-only steps leave the layer to fine-tune as it was; fine-tuning moves it.
    const original = await weightsByName(join(dir, 'pretrained'));
    const tunedLayer = backbone.fineTuneLayers[0] ?? '';
    const tunedNames = [...original.keys()].filter((name) => name.startsWith(`${tunedLayer}/`));
    expect(tunedNames).toHaveLength(2); // kernel and bias
    const atStart = tunedNames.map((name) => original.get(name));
    expect(tuned.get(19)).toEqual(atStart);
    expect(tuned.get(20)).not.toEqual(atStart);

    // Every other backbone weight is bit-identical to the pretrained model's at the end.
    const trained = await weightsByName(join(dir, 'digits-5-9-run', 'float'));
    const frozen = [...original.keys()].filter((name) => trained.has(name) && !tunedNames.includes(name));
    expect(frozen.length).toBe(4); // the two lower convolutions' kernels and biases
    for (const name of frozen) expect(trained.get(name)?.equals(original.get(name) ?? Buffer.alloc(0)), name).toBe(true);
    for (const name of tunedNames) expect(trained.get(name)?.equals(original.get(name) ?? Buffer.alloc(0)), name).toBe(false);

    // The head learned digits 5–9 (chance is 20%).
    expect(report.testAccuracy).toBeGreaterThan(0.85);
    const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
    expect(mean(losses.slice(-5))).toBeLessThan(mean(losses.slice(0, 5)) * 0.5);
    const telemetry = (await readFile(join(dir, 'digits-5-9-run', 'telemetry.jsonl'), 'utf8')).trim().split('\n').map((line) => JSON.parse(line) as { step: number; event?: string });
    expect(telemetry.find((row) => row.event?.includes('fine-tune'))?.step).toBe(20);

    // One artifact: backbone + head, with the backbone's input and preprocessing, through the gate.
    expect(manifest.input).toEqual(pretrained.input);
    expect(manifest.preprocessing).toEqual(pretrained.preprocessing);
    expect(manifest.labels).toEqual(['0', '1', '2', '3', '4']);
    expect(manifest.quantization).toMatchObject({ format: 'uint8', requested: 'auto' });
    expect(manifest.training?.transfer).toMatchObject({ dir: join(dir, 'pretrained'), name: 'digits-0-4', source: 'trained', fineTuneLayers: [tunedLayer] });
    const served = await loadArtifact(join(dir, 'digits-5-9'));
    expect(served.model.inputs[0]?.shape).toEqual([null, 28, 28, 1]);
    expect(served.model.outputs[0]?.shape).toEqual([null, 5]);
    served.model.dispose();
    expect(parseManifest(JSON.parse(await readFile(join(dir, 'digits-5-9', 'manifest.json'), 'utf8')))).toEqual(manifest);
  });

  it('should resume across the start of fine-tuning bit-identically', async () => {
    const overrides = { fineTuneLayers: 2, fineTuneAfter: 12, maxSteps: 24, checkpointEvery: 8, quantize: 'none' as const };
    await runTraining(secondTask('straight', overrides));
    let steps = 0;
    await expect(runTraining(secondTask('stopped', overrides), { onStep: () => steps++ }, { stopRequested: () => steps >= 10 })).rejects.toThrow(TrainingInterruptedError);
    const checkpoint = await readLatestCheckpoint(join(dir, 'stopped-run', 'checkpoints'));
    expect(checkpoint.state.stream.step).toBe(10);
    await runTraining(secondTask('stopped', overrides), {}, { resume: checkpoint });
    const [straight, resumed] = await Promise.all(['straight', 'stopped'].map((name) => readFile(join(dir, name, 'weights.bin'))));
    expect(resumed?.equals(straight ?? Buffer.alloc(0))).toBe(true);
    tf.disposeVariables();
  });

  it('should refuse flags that cannot work, in one line', async () => {
    await expect(runTraining(secondTask('bad', { backbone: '', fineTuneLayers: 2 }))).rejects.toThrow('--fine-tune-layers needs --backbone DIR');
    await expect(runTraining(secondTask('bad', { fineTuneAfter: 5 }))).rejects.toThrow('--fine-tune-after needs --fine-tune-layers K');
    await expect(runTraining(secondTask('bad', { inputSize: '32x32' }))).rejects.toThrow(`--input-size 32x32: the backbone ${join(dir, 'pretrained')} takes 28x28 images`);
    await expect(runTraining(secondTask('bad', { backboneLayer: 'nope' }))).rejects.toThrow(/^--backbone-layer nope: the backbone has no top-level layer of that name \(it has /);
    await expect(runTraining(secondTask('bad', { fineTuneLayers: 9 }))).rejects.toThrow('--fine-tune-layers 9: the backbone has only 3 layers with weights below the cut');
    await expect(runTraining(secondTask('bad', { backbone: join(dir, 'nowhere') }))).rejects.toThrow(`--backbone ${join(dir, 'nowhere')}: neither an edgefuse artifact`);
  });
});
