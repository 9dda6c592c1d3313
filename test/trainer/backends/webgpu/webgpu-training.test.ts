import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadServedModel, predictScores } from '../../../../shared/model';
import { normalizePixels } from '../../../../shared/preprocess';
import { resolveBackend } from '../../../../trainer/backends/resolve-backend';
import { activeWebgpuSession, WebgpuDeviceError } from '../../../../trainer/backends/webgpu';
import { resolveTrainConfig } from '../../../../trainer/config/train-config';
import type { TrainConfigInput } from '../../../../trainer/config/train-config';
import type { Dataset } from '../../../../trainer/data/dataset';
import { loadMnist } from '../../../../trainer/data/load-mnist';
import { createModel } from '../../../../trainer/model/create-model';
import { MODEL_ARCHITECTURES } from '../../../../trainer/model/model-architectures';
import type { ModelArchitecture } from '../../../../trainer/model/model-architectures';
import { createAdam } from '../../../../trainer/optim/create-adam';
import { readArtifactDir } from '../../../../trainer/predict/read-artifact-dir';
import { runTraining } from '../../../../trainer/run-training';
import { computeGradients } from '../../../../trainer/train/compute-gradients';
import { batchTensors, nextBatchArrays } from '../../../../trainer/train/next-batch';
import type { TelemetryRow } from '../../../../trainer/train/telemetry-row';
import { trainLoop } from '../../../../trainer/train/train-loop';
import type { TrainStateView } from '../../../../trainer/train/train-loop';
import { requireAdapter } from './require-adapter';

// Software adapters (Mesa llvmpipe in CI) run these shaders at roughly the pure-JS cpu backend's
// speed, so every run here is tiny: cnn-small, batches of 4–8.
const available = await requireAdapter();

let dataset: Dataset;
let dir = '';

beforeAll(async () => {
  dataset = await loadMnist({ trainLimit: 800, testLimit: 300 });
  dir = await mkdtemp(join(tmpdir(), 'edgefuse-webgpu-'));
});

afterAll(async () => {
  activeWebgpuSession()?.release();
  await rm(dir, { recursive: true, force: true });
});

function config(overrides: TrainConfigInput) {
  return resolveTrainConfig({ seed: 5, model: 'cnn-small', batchSize: 4, epochs: 1, warmupSteps: 0, progress: false, threads: 1, ...overrides });
}

/** One step's loss, norm and gradients of a fresh cnn-small on the active backend. */
async function oneStep() {
  const model = createModel({ architecture: 'cnn-small', input: dataset.input, numClasses: 10, seed: 9 });
  const order = Uint32Array.from({ length: 8 }, (_, index) => index);
  const batch = batchTensors(nextBatchArrays(dataset.train, dataset.preprocessing, 10, order, 0, 8));
  const params = model.trainableWeights.map((weight) => weight.read() as tf.Variable);
  const result = await computeGradients(model, params, batch, { labelSmoothing: 0.1, lossScale: 128, gradFactor: 1, emulateFp16: false });
  const grads = (await Promise.all(result.grads.map((grad) => grad.data()))) as Float32Array[];
  // The same gradients through one Adam update (op path on webgpu, the fused kernel on cpu).
  const adam = createAdam(params);
  adam.applyGradients(result.grads, 0.01);
  const updated = (await Promise.all(params.map((param) => param.data()))) as Float32Array[];
  tf.dispose([...result.grads, batch.images, batch.targets]);
  adam.dispose();
  model.dispose();
  return { loss: result.loss, gradNorm: result.gradNorm, finite: result.finite, correct: result.correct, grads, updated };
}

/** One step's loss and gradients of a zoo model on a seeded random batch (color models at 32×32×3, mobilenet-v2 at width 0.5). */
async function zooStep(architecture: ModelArchitecture) {
  const gray = architecture === 'cnn-3conv' || architecture === 'cnn-small' || architecture === 'cnn-compact';
  const input = gray ? dataset.input : { height: 32, width: 32, channels: 3 as const };
  const model = createModel({ architecture, input, numClasses: 4, seed: 3, ...(architecture === 'mobilenet-v2' ? { width: 0.5 } : {}) });
  const images = tf.randomUniform<tf.Rank.R4>([4, input.height, input.width, input.channels], -1, 1, 'float32', 11);
  const targets = tf.cast(tf.oneHot(tf.tensor1d([0, 1, 2, 3], 'int32'), 4), 'float32') as tf.Tensor2D;
  const params = model.trainableWeights.map((weight) => weight.read() as tf.Variable);
  const result = await computeGradients(model, params, { images, targets, size: 4 }, { labelSmoothing: 0, lossScale: null, gradFactor: 1, emulateFp16: false });
  const grads = (await Promise.all(result.grads.map((grad) => grad.data()))) as Float32Array[];
  tf.dispose([...result.grads, images, targets]);
  model.dispose();
  return { loss: result.loss, grads };
}

function maxDifference(a: readonly Float32Array[], b: readonly Float32Array[]): number {
  let max = 0;
  a.forEach((values, index) => values.forEach((value, at) => (max = Math.max(max, Math.abs(value - (b[index]?.[at] ?? Number.NaN))))));
  return max;
}

/** Copies of every weight and Adam moment, read back later (webgpu cannot read inside the sync hook). */
function keepState(state: TrainStateView): tf.Tensor[] {
  return [...state.params, ...state.optimizer.firstMoments, ...state.optimizer.secondMoments].map((variable) => tf.keep(tf.clone(variable)));
}

async function bytesOf(tensors: readonly tf.Tensor[]): Promise<Uint8Array[]> {
  const bytes = await Promise.all(tensors.map(async (tensor) => new Uint8Array(((await tensor.data()) as Float32Array).slice().buffer)));
  tf.dispose([...tensors]);
  return bytes;
}

describe.skipIf(!available)('webgpu backend (Dawn)', () => {
  it('should give one step the cpu backend\'s loss, norm and gradients within 1e-4, and Adam\'s update by value', async () => {
    await resolveBackend('cpu');
    const cpu = await oneStep();
    const webgpu = await resolveBackend('webgpu');
    expect(webgpu.gpuAdapter).not.toBeNull();
    const gpu = await oneStep();
    const gradientDifference = maxDifference(gpu.grads, cpu.grads);
    process.stderr.write(`webgpu vs cpu, one step: max |Δgrad| ${gradientDifference.toExponential(2)}, max |Δparam| after Adam ${maxDifference(gpu.updated, cpu.updated).toExponential(2)}\n`);
    expect(gpu.finite).toBe(true);
    expect(gpu.correct).toBe(cpu.correct);
    expect(Math.abs(gpu.loss - cpu.loss)).toBeLessThan(1e-5);
    expect(Math.abs(gpu.gradNorm - cpu.gradNorm) / cpu.gradNorm).toBeLessThan(1e-4);
    expect(gradientDifference).toBeLessThan(1e-4);
    expect(maxDifference(gpu.updated, cpu.updated)).toBeLessThan(1e-5);
  });

  it('should give every zoo model\'s step the cpu backend\'s loss and gradients within 1e-4', async () => {
    for (const architecture of MODEL_ARCHITECTURES) {
      await resolveBackend('cpu');
      const cpu = await zooStep(architecture);
      await resolveBackend('webgpu');
      const gpu = await zooStep(architecture);
      const difference = maxDifference(gpu.grads, cpu.grads);
      process.stderr.write(`webgpu vs cpu, ${architecture}: max |Δgrad| ${difference.toExponential(2)}\n`);
      expect(Number.isFinite(gpu.loss), architecture).toBe(true);
      expect(Math.abs(gpu.loss - cpu.loss), architecture).toBeLessThan(1e-5);
      expect(difference, architecture).toBeLessThan(1e-4);
    }
  });

  it('should leave weights and Adam moments bit-identical on a skipped (NaN) step, and clip to maxGradNorm', async () => {
    await resolveBackend('webgpu');
    const kept = new Map<number, tf.Tensor[]>();
    const rows: TelemetryRow[] = [];
    const model = createModel({ architecture: 'cnn-small', input: dataset.input, numClasses: 10, seed: 5 });
    await trainLoop(model, dataset, config({ maxSteps: 5, inject: ['nan@3'], clip: 'global', maxGradNorm: 0.05 }), {
      inspect: (step, state) => kept.set(step, keepState(state)),
      onTelemetry: (row) => rows.push(row),
    });
    const state = new Map<number, Uint8Array[]>();
    for (const [step, tensors] of kept) state.set(step, await bytesOf(tensors));
    expect(rows[3]).toMatchObject({ step: 3, skipped: true, gradNorm: null, event: 'inject:nan@3 skip:nonfinite' });
    expect(state.get(3)).toEqual(state.get(2));
    expect(state.get(4)).not.toEqual(state.get(3));
    for (const row of [rows[0], rows[1], rows[2], rows[4]]) {
      expect(row?.gradNorm).toBeGreaterThan(0.05);
      expect(row?.gradNormAfter).toBeCloseTo(0.05, 5);
    }
    model.dispose();
  });

  it('should learn in a short real run within 3 points of the same run on wasm, and serve its GPU scores from the artifact', async () => {
    const run = async (backend: 'wasm' | 'webgpu') => runTraining(resolveTrainConfig({
      backend, out: join(dir, backend), runDir: join(dir, `${backend}-run`), name: `tiny-${backend}`,
      model: 'cnn-small', seed: 21, batchSize: 8, maxSteps: 100, epochs: 10, trainLimit: 800, testLimit: 300, warmupSteps: 10,
      quantize: 'none', checkpointEvery: 60, progress: false, threads: 1,
    }));
    const wasm = await run('wasm');
    const gpu = await run('webgpu');
    process.stderr.write(`short run: webgpu ${(gpu.report.testAccuracy * 100).toFixed(1)}% vs wasm ${(wasm.report.testAccuracy * 100).toFixed(1)}% test accuracy\n`);
    expect(gpu.report).toMatchObject({ backend: 'webgpu', steps: 100, nonFiniteWeights: 0 });
    expect(gpu.report.gpuAdapter?.device ?? gpu.report.gpuAdapter?.vendor).toBeTruthy();
    expect(gpu.report.testAccuracy).toBeGreaterThan(0.5); // learned: chance is 0.1
    expect(Math.abs(gpu.report.testAccuracy - wasm.report.testAccuracy)).toBeLessThanOrEqual(0.03);

    // The worker's scoring (shared/model on wasm) of the webgpu-trained artifact equals the GPU's own forward pass.
    const source = await readArtifactDir(join(dir, 'webgpu'));
    const spec = dataset.preprocessing;
    const bytes = dataset.input.height * dataset.input.width * dataset.input.channels;
    const images = Array.from({ length: 16 }, (_, index) => normalizePixels(dataset.test.pixels.subarray(index * bytes, (index + 1) * bytes), spec));
    await resolveBackend('wasm');
    const served = await loadServedModel(source);
    const onWasm = await predictScores(served, images);
    served.model.dispose();
    await resolveBackend('webgpu');
    const onGpu = await loadServedModel(source);
    const fromGpu = await predictScores(onGpu, images);
    onGpu.model.dispose();
    expect(maxDifference(fromGpu, onWasm)).toBeLessThan(1e-5);
  });

  it('should fail loudly when the device reports an error', async () => {
    await resolveBackend('webgpu');
    const session = activeWebgpuSession();
    if (!session) throw new Error('no webgpu session after resolveBackend');
    // An invalid buffer (MAP_READ with STORAGE) is a validation error that throws nowhere.
    session.device.createBuffer({ size: 16, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.STORAGE });
    await session.device.queue.onSubmittedWorkDone();
    expect(() => session.assertHealthy()).toThrow(WebgpuDeviceError);
    expect(() => session.assertHealthy()).toThrow(/GPUValidationError/);
    session.release();
    expect(tf.findBackend('webgpu')).toBeFalsy();
  });
});
