// `npm run bench:train [-- --json] [--steps N] [--threads N] [--peer torch] [--skip-cpu]`: training
// throughput of the default model on every available backend, in one run, with GFLOP/s and the
// ratio to tfjs' pure-JS cpu backend; with `--peer torch`, the same model, batch and thread count
// in PyTorch too, and the ratio edgefuse wasm / PyTorch.
import { availableParallelism } from 'node:os';
import * as tf from '@tensorflow/tfjs-core';
import { measureTraining } from './measure-training';
import { detectTorch, runTorchPeer, TORCH_INSTALL_HINT, TORCH_PEER_ARCHITECTURES, torchPython } from '../torch/run-torch-peer';
import type { TorchPeerResult } from '../torch/run-torch-peer';
import { trainingFlopsPerExample } from './training-flops';
import { writeBenchResult } from '../write-bench-result';
import type { TrainingMeasurement } from './measure-training';
import { resolveBackend } from '../../trainer/backends/resolve-backend';
import { formatAdapter } from '../../trainer/backends/webgpu';
import type { BackendChoice } from '../../trainer/backends/backend-choices';
import { resolveTrainConfig } from '../../trainer/config/train-config';
import type { TrainConfig } from '../../trainer/config/train-config';
import type { Dataset } from '../../trainer/data/dataset';
import { loadMnist, mnistDataDir } from '../../trainer/data/load-mnist';
import { createModel } from '../../trainer/model/create-model';
import { parseCliFlags, UsageError } from '../../trainer/cli/parse-cli-flags';
import { runCli } from '../../trainer/cli/run-cli';

interface BenchRow {
  backend: string;
  samplesPerSecond: number;
  gflops: number;
  ratioToCpu: number | null;
  /** Training threads (edgefuse wasm rows: the config's `threads`; torch: `torch.get_num_threads()`). */
  threads?: number;
  torchVersion?: string;
  /** webgpu rows: the adapter, and whether it is a software one (then the row says nothing about GPUs). */
  adapter?: string;
  software?: boolean;
  /** edgefuse rows: milliseconds per step in each phase of the loop. */
  stepMs?: TrainingMeasurement['stepMs'];
}

/** `stepMs` with every value rounded to 0.01 ms. */
function roundStepMs(stepMs: TrainingMeasurement['stepMs']): TrainingMeasurement['stepMs'] {
  const detail = Object.fromEntries(Object.entries(stepMs.detail).map(([name, value]) => [name, round(value, 2)]));
  return {
    total: round(stepMs.total, 2), batch: round(stepMs.batch, 2), gradients: round(stepMs.gradients, 2),
    guards: round(stepMs.guards, 2), update: round(stepMs.update, 2), bookkeeping: round(stepMs.bookkeeping, 2), detail,
  };
}

/** One line: where a step's milliseconds go. */
function describeStep(backend: string, stepMs: TrainingMeasurement['stepMs']): string {
  const ms = (value: number): string => value.toFixed(2);
  const detail = Object.entries(stepMs.detail).map(([name, value]) => `${name} ${ms(value)}`).join(', ');
  return `${backend}: ${ms(stepMs.total)} ms = batch ${ms(stepMs.batch)} + gradients ${ms(stepMs.gradients)}` +
    `${detail ? ` (${detail})` : ''} + guards ${ms(stepMs.guards)} + update ${ms(stepMs.update)} + bookkeeping ${ms(stepMs.bookkeeping)}`;
}

const FLAGS = [
  { flag: 'json', key: 'json', kind: 'boolean', description: 'print one JSON array' },
  { flag: 'steps', key: 'steps', kind: 'integer', description: 'timed steps on fast backends (and the torch peer)' },
  { flag: 'cpu-steps', key: 'cpuSteps', kind: 'integer', description: 'timed steps on the pure-JS cpu backend' },
  { flag: 'model', key: 'model', kind: 'string', description: 'architecture (default: the training default; cnn-small with --peer)' },
  { flag: 'batch-size', key: 'batchSize', kind: 'integer', description: 'examples per step' },
  { flag: 'threads', key: 'threads', kind: 'integer', description: 'training threads of edgefuse and the peer (default: all cores)' },
  { flag: 'peer', key: 'peer', kind: 'string', description: 'also measure the same training in another framework: torch' },
  { flag: 'skip-cpu', key: 'skipCpu', kind: 'boolean', description: 'skip the slow pure-JS cpu backend' },
  { flag: 'backends', key: 'backends', kind: 'string', description: 'comma-separated backends to measure (default: cpu,wasm,webgpu,tfjs-node,tfjs-node-gpu)' },
  { flag: 'gpu-steps', key: 'gpuSteps', kind: 'integer', description: 'timed steps on a software WebGPU adapter (default 20; a GPU gets --steps)' },
] as const;

/** The issue defines the edgefuse / PyTorch comparison on the reference CNN. */
const PEER_REFERENCE_MODEL = 'cnn-small';
/** Examples the bench trains on (both sides): 64 batches of 64. */
const TRAIN_LIMIT = 64 * 64;
const FAST_WARMUP_STEPS = 50;
/** Alternating rounds of wasm with and without fuses. */
const WASM_ROUNDS = 4;
/** Steps of the untimed run that warms the process up before the wasm rounds. */
const WASM_WARMUP_RUN_STEPS = 1000;

/** The mean of equally long measurements: samples/s over their total time, mean ms per phase. */
function meanMeasurement(results: readonly TrainingMeasurement[]): TrainingMeasurement {
  const first = results[0];
  if (first === undefined) throw new Error('no measurements to average');
  const mean = (pick: (result: TrainingMeasurement) => number): number => results.reduce((sum, result) => sum + pick(result), 0) / results.length;
  const stepMs = {
    total: mean((result) => result.stepMs.total), batch: mean((result) => result.stepMs.batch),
    gradients: mean((result) => result.stepMs.gradients), guards: mean((result) => result.stepMs.guards),
    update: mean((result) => result.stepMs.update), bookkeeping: mean((result) => result.stepMs.bookkeeping),
    detail: Object.fromEntries(Object.keys(first.stepMs.detail).map((name) => [name, mean((result) => result.stepMs.detail[name] ?? 0)])),
  };
  const samplesPerSecond = 1 / mean((result) => 1 / result.samplesPerSecond);
  return { ...first, samplesPerSecond, gflops: (first.gflops / first.samplesPerSecond) * samplesPerSecond, stepMs };
}

const round = (value: number, digits: number): number => Math.round(value * 10 ** digits) / 10 ** digits;
const grouped = (value: number): string => value.toLocaleString('en-US', { maximumFractionDigits: 0 });
const threadCount = (threads: number): string => `${threads} thread${threads === 1 ? '' : 's'}`;

/** Measures the torch peer, or says on stderr why it is skipped and returns undefined. */
async function measureTorchPeer(dataset: Dataset, config: TrainConfig, threads: number, steps: number): Promise<TorchPeerResult | undefined> {
  const model = TORCH_PEER_ARCHITECTURES.find((name) => name === config.model);
  if (model === undefined) {
    process.stderr.write(`skipping the torch peer: ${config.model} has no PyTorch twin (use ${TORCH_PEER_ARCHITECTURES.join(', ')})\n`);
    return undefined;
  }
  const python = torchPython();
  const torch = await detectTorch(python);
  if (!torch.ok) {
    process.stderr.write(`skipping the torch peer: ${torch.reason}; install it with \`${TORCH_INSTALL_HINT}\` (Debian's PyTorch 1.13, for ${python})\n`);
    return undefined;
  }
  process.stderr.write(`measuring torch ${torch.version} (${steps} steps of ${config.batchSize}, ${threadCount(threads)})…\n`);
  return runTorchPeer({
    model, batchSize: config.batchSize, threads, warmupSteps: FAST_WARMUP_STEPS, measuredSteps: steps,
    lr: config.lr, labelSmoothing: config.labelSmoothing,
    // measureTraining builds its model without dropout layers (createModel's default), so the twin has none either.
    dropout: 0,
    mnistDir: mnistDataDir(), trainLimit: TRAIN_LIMIT, numClasses: dataset.labels.length, seed: config.seed,
    python,
  });
}

/** Training FLOPs per example of the benchmarked model, counted on its tfjs build. */
function flopsPerExample(dataset: Dataset, config: TrainConfig): number {
  const model = createModel({ architecture: config.model, input: dataset.input, numClasses: dataset.labels.length, seed: config.seed });
  try {
    return trainingFlopsPerExample(model);
  } finally {
    model.dispose();
    tf.disposeVariables();
  }
}

runCli('bench:train', async () => {
  const { values, positionals } = parseCliFlags(process.argv.slice(2), FLAGS);
  if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`);
  if (values.peer !== undefined && values.peer !== 'torch') throw new UsageError(`--peer: expected "torch", got "${String(values.peer)}"`);
  const peer = values.peer === 'torch';
  const threadsFlag = values.threads as number | undefined;
  if (threadsFlag !== undefined && threadsFlag < 1) throw new UsageError(`--threads: expected a positive integer, got ${threadsFlag}`);
  const threads = threadsFlag ?? availableParallelism();
  const steps = (values.steps as number | undefined) ?? 200;
  const cpuSteps = (values.cpuSteps as number | undefined) ?? 4;
  const model = values.model ?? (peer ? PEER_REFERENCE_MODEL : undefined);
  const config = resolveTrainConfig({
    progress: false,
    threads,
    ...(model === undefined ? {} : { model }),
    ...(values.batchSize === undefined ? {} : { batchSize: values.batchSize }),
  });
  const dataset = await loadMnist({ trainLimit: TRAIN_LIMIT, testLimit: 1 });

  const torchBefore = peer ? await measureTorchPeer(dataset, config, threads, steps) : undefined;
  const measured = new Map<string, TrainingMeasurement>();
  const allBackends: Exclude<BackendChoice, 'auto'>[] = ['cpu', 'wasm', 'webgpu', 'tfjs-node', 'tfjs-node-gpu'];
  const wanted = values.backends === undefined ? allBackends : String(values.backends).split(',');
  const unknown = wanted.find((name) => !(allBackends as string[]).includes(name));
  if (unknown !== undefined) throw new UsageError(`--backends: unknown backend "${unknown}" (expected some of ${allBackends.join(',')})`);
  const candidates = allBackends.filter((name) => wanted.includes(name));
  const adapters = new Map<string, { adapter: string; software: boolean }>();
  for (const backend of candidates) {
    if (backend === 'cpu' && values.skipCpu === true) {
      process.stderr.write('skipping cpu: --skip-cpu\n');
      continue;
    }
    let resolved: Awaited<ReturnType<typeof resolveBackend>>;
    try {
      resolved = await resolveBackend(backend);
    } catch (error) {
      if (error instanceof UsageError) {
        process.stderr.write(`skipping ${backend}: ${backend === 'webgpu' ? error.message : 'not installed'}\n`);
        continue;
      }
      throw error;
    }
    if (backend === 'webgpu' && resolved.gpuAdapter) {
      // A software adapter runs at about the pure-JS cpu backend's speed: a few steps say enough.
      const { software } = resolved.gpuAdapter;
      const name = software ? 'webgpu (software)' : 'webgpu';
      const timed = software ? ((values.gpuSteps as number | undefined) ?? 20) : steps;
      process.stderr.write(`measuring ${name} on ${formatAdapter(resolved.gpuAdapter)} (${timed} steps of ${config.batchSize})…\n`);
      try {
        measured.set(name, await measureTraining(dataset, config, software ? 5 : FAST_WARMUP_STEPS, timed));
      } finally {
        resolved.release();
      }
      adapters.set(name, { adapter: formatAdapter(resolved.gpuAdapter), software });
      continue;
    }
    const timed = backend === 'cpu' ? cpuSteps : steps;
    if (backend !== 'wasm') {
      process.stderr.write(`measuring ${backend} (${timed} steps of ${config.batchSize})…\n`);
      measured.set(backend, await measureTraining(dataset, config, backend === 'cpu' ? 1 : FAST_WARMUP_STEPS, timed));
      continue;
    }
    // The cost of the default fuses: the same loop with every guard off, same run. Measured
    // alternately (on, off, on, off) and averaged, so neither gains from running later in a
    // process that has warmed up (JIT, allocator, threads).
    // A process keeps getting faster for its first ~1,000 steps (V8 tiering up wasm and JS), so
    // one untimed run comes first.
    process.stderr.write(`warming up wasm (${WASM_WARMUP_RUN_STEPS} steps, untimed)…\n`);
    await measureTraining(dataset, config, 0, WASM_WARMUP_RUN_STEPS);
    const rounds: Record<'wasm' | 'wasm --no-fuses', TrainingMeasurement[]> = { wasm: [], 'wasm --no-fuses': [] };
    for (let round = 1; round <= WASM_ROUNDS; round++) {
      for (const [name, fuses] of [['wasm', true], ['wasm --no-fuses', false]] as const) {
        process.stderr.write(`measuring ${name} (${timed} steps of ${config.batchSize}, round ${round} of ${WASM_ROUNDS})…\n`);
        rounds[name].push(await measureTraining(dataset, { ...config, fuses }, FAST_WARMUP_STEPS, timed));
      }
    }
    for (const [name, results] of Object.entries(rounds)) measured.set(name, meanMeasurement(results));
  }
  // Releasing the webgpu session leaves tfjs without a backend; the FLOP count below builds a model.
  await resolveBackend('cpu');
  const torchAfter = torchBefore ? await measureTorchPeer(dataset, config, threads, steps) : undefined;
  // The peer runs before and after edgefuse, so a machine that speeds up or slows down during the
  // run (these are shared VMs) weighs on both sides alike.
  const torch = torchBefore && torchAfter
    ? { ...torchAfter, samplesPerSecond: 2 / (1 / torchBefore.samplesPerSecond + 1 / torchAfter.samplesPerSecond) }
    : undefined;

  const cpu = measured.get('cpu')?.samplesPerSecond;
  const ratioToCpu = (samplesPerSecond: number): number | null => (cpu ? round(samplesPerSecond / cpu, 1) : null);
  const rows: BenchRow[] = [...measured].map(([backend, result]) => ({
    backend,
    samplesPerSecond: round(result.samplesPerSecond, 1),
    gflops: round(result.gflops, 2),
    ratioToCpu: ratioToCpu(result.samplesPerSecond),
    threads: result.threads,
    ...(adapters.get(backend) ?? {}),
    stepMs: roundStepMs(result.stepMs),
  }));
  if (torch) {
    const gflops = (torch.samplesPerSecond * flopsPerExample(dataset, config)) / 1e9;
    rows.push({
      backend: 'torch', samplesPerSecond: round(torch.samplesPerSecond, 1), gflops: round(gflops, 2),
      ratioToCpu: ratioToCpu(torch.samplesPerSecond), threads: torch.threads, torchVersion: torch.torchVersion,
    });
  }
  const fused = measured.get('wasm')?.samplesPerSecond;
  const unfused = measured.get('wasm --no-fuses')?.samplesPerSecond;
  const given = process.argv.slice(2).filter((arg) => arg !== '--json');
  await writeBenchResult('train', `npm run bench:train${given.length > 0 ? ` -- ${given.join(' ')}` : ''}`, { model: config.model, batchSize: config.batchSize, threads, rows });
  if (values.json === true) {
    process.stdout.write(`${JSON.stringify(rows)}\n`);
    return;
  }
  process.stdout.write(`model ${config.model}, batch ${config.batchSize}, MNIST 28×28×1, Adam, fuses on, ${threadCount(threads)}\n`);
  process.stdout.write(`${'backend'.padEnd(16)} ${'samples/s'.padStart(10)} ${'GFLOP/s'.padStart(8)} ${'× cpu'.padStart(7)} ${'threads'.padStart(7)}\n`);
  for (const row of rows) {
    process.stdout.write(
      `${row.backend.padEnd(16)} ${row.samplesPerSecond.toFixed(1).padStart(10)} ${row.gflops.toFixed(2).padStart(8)} ` +
        `${(row.ratioToCpu?.toFixed(1) ?? '-').padStart(7)} ${String(row.threads ?? '-').padStart(7)}\n`,
    );
  }
  process.stdout.write('where a step goes (ms per step; gradients include waiting for the other threads):\n');
  for (const [backend, result] of measured) process.stdout.write(`  ${describeStep(backend, result.stepMs)}\n`);
  for (const [backend, { adapter }] of adapters) process.stdout.write(`${backend} adapter: ${adapter}\n`);
  if (fused && unfused) process.stdout.write(`fuse overhead on wasm: ${((unfused / fused - 1) * 100).toFixed(1)}% (time per step)\n`);
  if (fused && torch) {
    process.stdout.write(
      `wasm vs torch (${threadCount(torch.threads)}): ${(fused / torch.samplesPerSecond).toFixed(2)}× ` +
        `(edgefuse ${grouped(fused)} samples/s, PyTorch ${grouped(torch.samplesPerSecond)})\n`,
    );
  }
});
