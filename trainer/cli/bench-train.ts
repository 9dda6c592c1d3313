// `npm run bench:train [-- --json] [--steps N]`: training throughput of the default model on every
// available backend, in one run, with GFLOP/s and the ratio to tfjs' pure-JS cpu backend.
import { measureTraining } from '../bench/measure-training';
import { writeBenchResult } from '../bench/write-bench-result';
import type { TrainingMeasurement } from '../bench/measure-training';
import { resolveBackend } from '../backends/resolve-backend';
import type { BackendChoice } from '../backends/backend-choices';
import { resolveTrainConfig } from '../config/train-config';
import { loadMnist } from '../data/load-mnist';
import { parseCliFlags, UsageError } from './parse-cli-flags';
import { runCli } from './run-cli';

interface BenchRow {
  backend: string;
  samplesPerSecond: number;
  gflops: number;
  ratioToCpu: number | null;
}

const FLAGS = [
  { flag: 'json', key: 'json', kind: 'boolean', description: 'print one JSON array' },
  { flag: 'steps', key: 'steps', kind: 'integer', description: 'timed steps on fast backends' },
  { flag: 'cpu-steps', key: 'cpuSteps', kind: 'integer', description: 'timed steps on the pure-JS cpu backend' },
  { flag: 'model', key: 'model', kind: 'string', description: 'architecture (default: the training default)' },
  { flag: 'batch-size', key: 'batchSize', kind: 'integer', description: 'examples per step' },
] as const;

runCli('bench:train', async () => {
  const { values, positionals } = parseCliFlags(process.argv.slice(2), FLAGS);
  if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`);
  const steps = (values.steps as number | undefined) ?? 200;
  const cpuSteps = (values.cpuSteps as number | undefined) ?? 4;
  const config = resolveTrainConfig({
    progress: false,
    ...(values.model === undefined ? {} : { model: values.model }),
    ...(values.batchSize === undefined ? {} : { batchSize: values.batchSize }),
  });
  const dataset = await loadMnist({ trainLimit: 64 * 64, testLimit: 1 });

  const measured = new Map<string, TrainingMeasurement>();
  const candidates: Exclude<BackendChoice, 'auto'>[] = ['cpu', 'wasm', 'tfjs-node', 'tfjs-node-gpu'];
  for (const backend of candidates) {
    try {
      await resolveBackend(backend);
    } catch (error) {
      if (error instanceof UsageError) {
        process.stderr.write(`skipping ${backend}: not installed\n`);
        continue;
      }
      throw error;
    }
    const timed = backend === 'cpu' ? cpuSteps : steps;
    process.stderr.write(`measuring ${backend} (${timed} steps of ${config.batchSize})…\n`);
    measured.set(backend, await measureTraining(dataset, config, backend === 'cpu' ? 1 : 10, timed));
    if (backend === 'wasm') {
      // The cost of the default fuses: the same loop with every guard off, same run.
      process.stderr.write(`measuring wasm --no-fuses (${timed} steps)…\n`);
      measured.set('wasm --no-fuses', await measureTraining(dataset, { ...config, fuses: false }, 10, timed));
    }
  }

  const cpu = measured.get('cpu')?.samplesPerSecond;
  const rows: BenchRow[] = [...measured].map(([backend, result]) => ({
    backend,
    samplesPerSecond: Math.round(result.samplesPerSecond * 10) / 10,
    gflops: Math.round(result.gflops * 100) / 100,
    ratioToCpu: cpu ? Math.round((result.samplesPerSecond / cpu) * 10) / 10 : null,
  }));
  const fused = measured.get('wasm')?.samplesPerSecond;
  const unfused = measured.get('wasm --no-fuses')?.samplesPerSecond;
  await writeBenchResult('train', 'npm run bench:train', { model: config.model, batchSize: config.batchSize, rows });
  if (values.json === true) {
    process.stdout.write(`${JSON.stringify(rows)}\n`);
    return;
  }
  process.stdout.write(`model ${config.model}, batch ${config.batchSize}, MNIST 28×28×1, Adam, fuses on\n`);
  process.stdout.write(`${'backend'.padEnd(16)} ${'samples/s'.padStart(10)} ${'GFLOP/s'.padStart(8)} ${'× cpu'.padStart(7)}\n`);
  for (const row of rows) {
    process.stdout.write(
      `${row.backend.padEnd(16)} ${row.samplesPerSecond.toFixed(1).padStart(10)} ${row.gflops.toFixed(2).padStart(8)} ${(row.ratioToCpu?.toFixed(1) ?? '-').padStart(7)}\n`,
    );
  }
  if (fused && unfused) process.stdout.write(`fuse overhead on wasm: ${((unfused / fused - 1) * 100).toFixed(1)}% (time per step)\n`);
});
