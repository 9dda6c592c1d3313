// The GPU-machine check (bundled by bench/gpu/build.sh, run by run.sh): is the adapter a GPU, does
// one training step match the cpu backend, and how fast is webgpu against wasm (and PyTorch on
// CUDA when present). Writes one JSON file. Flags: --out FILE, --data DIR (MNIST IDX subset),
// --torch-peer FILE (torch-peer.py), --steps N, --allow-software (to test the bundle without a GPU).
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { availableParallelism, cpus, hostname } from 'node:os';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-layers';
import { resolveBackend } from '../../trainer/backends/resolve-backend';
import { formatAdapter } from '../../trainer/backends/webgpu';
import { resolveTrainConfig } from '../../trainer/config/train-config';
import type { Dataset } from '../../trainer/data/dataset';
import { loadIdxDir } from '../../trainer/data/load-idx-dir';
import { defaultPreprocessSpec } from '../../shared/preprocess';
import { createModel } from '../../trainer/model/create-model';
import { computeGradients } from '../../trainer/train/compute-gradients';
import { batchTensors, nextBatchArrays } from '../../trainer/train/next-batch';
import { measureTraining } from '../train/measure-training';

const args = process.argv.slice(2);
const flag = (name: string): string | undefined => {
  const index = args.indexOf(`--${name}`);
  return index >= 0 ? args[index + 1] : undefined;
};
const out = flag('out') ?? 'gpu-check.json';
const dataDir = flag('data') ?? 'mnist';
const steps = Number(flag('steps') ?? 100);
const allowSoftware = args.includes('--allow-software');
const results: Record<string, unknown> = { machine: { hostname: hostname(), cpu: cpus()[0]?.model, cores: availableParallelism(), node: process.version }, startedAt: new Date().toISOString() };
const save = (): void => writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);

/** A colour dataset of random pixels (throughput does not depend on what the pixels show). */
function colourDataset(size: number, count: number): Dataset {
  const pixels = new Uint8Array(count * size * size * 3).map((_, index) => (index * 2654435761) >>> 24);
  const targets = new Uint8Array(count).map((_, index) => index % 10);
  const split = { pixels, targets, count };
  return {
    name: 'colour', labels: Array.from({ length: 10 }, (_, index) => String(index)),
    input: { height: size, width: size, channels: 3 }, preprocessing: defaultPreprocessSpec({ height: size, width: size, channels: 3 }),
    train: split, test: split, skipped: [], cacheHit: false,
  };
}

async function gradientsOf(dataset: Dataset): Promise<Float32Array[]> {
  const model = createModel({ architecture: 'cnn-small', input: dataset.input, numClasses: 10, seed: 9 });
  const batch = batchTensors(nextBatchArrays(dataset.train, dataset.preprocessing, 10, Uint32Array.from({ length: 64 }, (_, i) => i), 0, 64));
  const params = model.trainableWeights.map((weight) => weight.read() as tf.Variable);
  const result = await computeGradients(model, params, batch, { labelSmoothing: 0.1, lossScale: null, gradFactor: 1, emulateFp16: false });
  const grads = (await Promise.all(result.grads.map((grad) => grad.data()))) as Float32Array[];
  tf.dispose([...result.grads, batch.images, batch.targets]);
  model.dispose();
  return grads;
}

async function main(): Promise<void> {
  // 1. the adapter
  const gpu = await resolveBackend('webgpu');
  const adapter = gpu.gpuAdapter;
  results.adapter = adapter;
  process.stderr.write(`adapter: ${adapter ? formatAdapter(adapter) : 'none'}\n`);
  if (!adapter || (adapter.software && !allowSoftware)) {
    results.error = `the adapter is not a GPU: ${adapter ? formatAdapter(adapter) : 'none'}`;
    save();
    throw new Error(String(results.error));
  }
  const mnist = await loadIdxDir(dataDir, 'mnist', {});
  // 2. one step against cpu
  const onGpu = await gradientsOf(mnist);
  await resolveBackend('cpu');
  const onCpu = await gradientsOf(mnist);
  let maxGradientDifference = 0;
  onGpu.forEach((values, index) => values.forEach((value, at) => (maxGradientDifference = Math.max(maxGradientDifference, Math.abs(value - (onCpu[index]?.[at] ?? Number.NaN))))));
  results.oneStep = { maxGradientDifference, ok: maxGradientDifference < 1e-4 };
  process.stderr.write(`one step vs cpu: max |Δgrad| ${maxGradientDifference.toExponential(2)}\n`);
  save();
  // 3. throughput: webgpu vs wasm (one thread here: the bundle carries no worker-thread entry)
  const cases = [
    { name: 'cnn-small batch 64', model: 'cnn-small', batchSize: 64, dataset: mnist },
    { name: 'cnn-small batch 512', model: 'cnn-small', batchSize: 512, dataset: mnist },
    { name: 'mobilenet-v2 96×96×3 batch 64', model: 'mobilenet-v2', batchSize: 64, dataset: colourDataset(96, 1024) },
  ] as const;
  const rows: Record<string, unknown>[] = [];
  results.throughput = rows;
  for (const backend of ['webgpu', 'wasm'] as const) {
    for (const item of cases) {
      await resolveBackend(backend);
      const config = resolveTrainConfig({ model: item.model, batchSize: item.batchSize, threads: 1, progress: false, seed: 3 });
      const measured = await measureTraining(item.dataset, config, 10, backend === 'webgpu' ? steps : Math.max(5, Math.round(steps / 10)));
      rows.push({ backend, case: item.name, samplesPerSecond: measured.samplesPerSecond, gflops: measured.gflops, stepMs: measured.stepMs.total });
      process.stderr.write(`${backend} ${item.name}: ${measured.samplesPerSecond.toFixed(1)} samples/s\n`);
      save();
    }
  }
  gpu.release();
  // 4. PyTorch on CUDA, when the machine has it
  const peer = flag('torch-peer');
  try {
    const cuda = execFileSync('python3', ['-c', 'import torch; print(torch.cuda.is_available())'], { encoding: 'utf8' }).trim() === 'True';
    const torchRows = [64, 512].map((batchSize) => JSON.parse(execFileSync('python3', [peer ?? 'torch-peer.py', '--mnist-dir', dataDir, '--model', 'cnn-small', '--batch-size', String(batchSize),
      '--threads', String(availableParallelism()), '--steps', String(steps), '--device', cuda ? 'cuda' : 'cpu'], { encoding: 'utf8' })) as Record<string, unknown>);
    results.torch = { device: cuda ? 'cuda' : 'cpu', rows: torchRows };
  } catch (error) {
    results.torch = { skipped: (error as Error).message.split('\n')[0] };
  }
  results.finishedAt = new Date().toISOString();
  save();
}

main().then(() => process.exit(0), (error: unknown) => {
  process.stderr.write(`gpu-check: ${(error as Error).message}\n`);
  process.exit(1);
});
