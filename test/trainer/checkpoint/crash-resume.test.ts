import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCheckpoint, readLatestCheckpoint } from '../../../trainer/checkpoint/read-latest-checkpoint';
import { resumeConfig } from '../../../trainer/checkpoint/resume-config';
import { TRAIN_FLAGS } from '../../../trainer/cli/train-flags';
import { resolveTrainConfig } from '../../../trainer/config/train-config';
import type { TrainConfigInput } from '../../../trainer/config/train-config';
import { runTraining } from '../../../trainer/run-training';
import type { TelemetryRow } from '../../../trainer/train/telemetry-row';
import { ROOT, runCli } from '../../helpers/run-cli';

let dir = '';

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'edgefuse-crash-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** 2 epochs of 90 steps on 2,880 of 3,200 MNIST images (320 validate); float export so weights compare bit for bit. */
function args(name: string): string[] {
  return [
    '--train-limit', '3200', '--test-limit', '300', '--epochs', '2', '--batch-size', '32', '--seed', '5',
    '--checkpoint-every', '5', '--quantize', 'none', '--backend', 'wasm', '--no-progress',
    '--out', join(dir, name, 'artifact'), '--run-dir', join(dir, name, 'run'),
  ];
}

async function checkpointSteps(runDir: string): Promise<number[]> {
  const entries = await readdir(join(runDir, 'checkpoints')).catch(() => [] as string[]);
  return entries.filter((entry) => /^step-\d+$/.test(entry)).map((entry) => Number(entry.slice(5)));
}

/** Starts training in a child process and SIGKILLs it once a checkpoint at step ≥ `afterStep` exists. */
async function trainAndKill(name: string, afterStep: number, trainArgs = args(name)): Promise<void> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'trainer/cli/train.ts', ...trainArgs], { cwd: ROOT, stdio: 'ignore' });
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (Math.max(-1, ...(await checkpointSteps(join(dir, name, 'run')))) >= afterStep) break;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  child.kill('SIGKILL');
  await exited;
}

describe('crash safety', () => {
  it('should resume after SIGKILL mid-epoch and finish exactly like an uninterrupted run', async () => {
    const straight = await runCli('train', args('straight'));
    expect(straight.code, straight.stderr).toBe(0);

    await trainAndKill('crashed', 30);
    const stepsAtKill = await checkpointSteps(join(dir, 'crashed', 'run'));
    expect(Math.max(...stepsAtKill)).toBeLessThan(90); // killed inside the first epoch

    // Every checkpoint left on disk is complete: it parses and every file matches its sha256.
    for (const step of stepsAtKill) {
      const checkpoint = await readCheckpoint(join(dir, 'crashed', 'run', 'checkpoints', `step-${String(step).padStart(9, '0')}`));
      expect(checkpoint.state.stream.step).toBe(step);
    }

    const resumed = await runCli('train', ['--resume', join(dir, 'crashed', 'run'), '--no-progress']);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stderr).toMatch(/resuming .* at step \d+/);

    const [a, b] = await Promise.all(
      ['straight', 'crashed'].map(async (name) => JSON.parse(await readFile(join(dir, name, 'run', 'report.json'), 'utf8')) as { steps: number; updates: number; testAccuracy: number }),
    );
    expect(b?.updates).toBe(a?.updates);
    expect(b?.steps).toBe(180); // 3200 less 10% for validation = 2880, / 32 × 2 epochs
    // Same weights, bit for bit: weights, Adam state, data order and RNGs were all restored.
    const [weightsA, weightsB] = await Promise.all(['straight', 'crashed'].map((name) => readFile(join(dir, name, 'artifact', 'weights.bin'))));
    expect(weightsB?.equals(weightsA ?? Buffer.alloc(0))).toBe(true);
    expect(b?.testAccuracy).toBe(a?.testAccuracy);
  });

  it('should refuse to resume with a different config, naming the flag', async () => {
    const result = await runCli('train', ['--resume', join(dir, 'crashed', 'run'), '--lr', '0.5']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^train: --resume: --lr is 0\.5, but .* was trained with 0\.003\n$/);
  });
});

/**
 * Every stateful fuse resumes exactly: each clip mode (ZClip's EMA, AutoClip's norm history) and
 * the loss scaler. The uninterrupted run and the resume run in this process (the resume through
 * the same `readLatestCheckpoint` + `resumeConfig` the CLI uses); only the killed run is a child.
 */
describe.each<[string, TrainConfigInput]>([
  ['zclip', { clip: 'zclip' }],
  ['autoclip', { clip: 'autoclip' }],
  ['agc', { clip: 'agc' }],
  // A gradient ×100 overflows float16 at scale 2^16: the scaler backs off (state that must survive the kill).
  ['loss-scaling', { lossScaling: true, emulateFp16: true, inject: ['grad*100@10'] }],
])('crash safety with %s', (mode, fuses) => {
  const flags: Record<string, unknown> = {
    trainLimit: 1600, testLimit: 100, epochs: 2, batchSize: 32, seed: 9, checkpointEvery: 5, quantize: 'none', backend: 'wasm', threads: 1, progress: false, ...fuses,
  };
  const cliFlags = Object.entries(flags).flatMap(([key, value]) => {
    const flag = TRAIN_FLAGS.find((spec) => spec.key === key)?.flag ?? key;
    if (typeof value === 'boolean') return value ? [`--${flag}`] : [`--no-${flag}`];
    if (Array.isArray(value)) return value.flatMap((item) => [`--${flag}`, String(item)]);
    return [`--${flag}`, String(value)];
  });
  const paths = (name: string) => ({ out: join(dir, mode, name, 'artifact'), runDir: join(dir, mode, name, 'run') });

  it('should resume after SIGKILL and end with the weights of an uninterrupted run', async () => {
    const straight = await runTraining(resolveTrainConfig({ ...flags, ...paths('straight') }));
    const killedPaths = paths('crashed');
    await trainAndKill(`${mode}/crashed`, 30, [...cliFlags, '--out', killedPaths.out, '--run-dir', killedPaths.runDir]);
    const checkpoint = await readLatestCheckpoint(join(killedPaths.runDir, 'checkpoints'));
    const resumeStep = checkpoint.state.stream.step;
    expect(resumeStep).toBeGreaterThanOrEqual(30);
    expect(resumeStep).toBeLessThan(100);
    const resumed = await runTraining(resumeConfig(checkpoint, {}, TRAIN_FLAGS, killedPaths.runDir), {}, { resume: checkpoint });

    // The fuse's state mattered after the resume point, so losing it would change the weights.
    const saved = checkpoint.state.model.fuses;
    if (mode === 'loss-scaling') {
      expect((saved.scaler as { lossScale: number }).lossScale).toBeLessThan(2 ** 16); // it backed off before the kill
    } else if (mode !== 'agc') {
      const rows = (await readFile(join(paths('straight').runDir, 'telemetry.jsonl'), 'utf8')).trim().split('\n').map((line) => JSON.parse(line) as TelemetryRow);
      expect(rows.some((row) => row.step >= resumeStep && row.event?.includes('clip'))).toBe(true);
    }
    expect(resumed.report.updates).toBe(straight.report.updates);
    expect(resumed.report.clippedSteps).toBe(straight.report.clippedSteps);
    expect(resumed.report.skippedSteps).toBe(straight.report.skippedSteps);
    const [weightsA, weightsB] = await Promise.all(['straight', 'crashed'].map((name) => readFile(join(paths(name).out, 'weights.bin'))));
    expect(weightsA?.byteLength).toBeGreaterThan(0);
    expect(weightsB?.equals(weightsA ?? Buffer.alloc(0))).toBe(true);
  });
});
