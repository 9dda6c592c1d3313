import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCheckpoint } from '../../../trainer/checkpoint/read-latest-checkpoint';
import { ROOT, runCli } from '../../helpers/run-cli';

let dir = '';

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'edgefuse-crash-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** 2 epochs of 100 steps on 3,200 MNIST images; float export so weights compare bit for bit. */
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
async function trainAndKill(name: string, afterStep: number): Promise<void> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'trainer/cli/train.ts', ...args(name)], { cwd: ROOT, stdio: 'ignore' });
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
    expect(Math.max(...stepsAtKill)).toBeLessThan(100); // killed inside the first epoch

    // Every checkpoint left on disk is complete: it parses and every file matches its sha256.
    for (const step of stepsAtKill) {
      const checkpoint = await readCheckpoint(join(dir, 'crashed', 'run', 'checkpoints', `step-${String(step).padStart(9, '0')}`));
      expect(checkpoint.state.step).toBe(step);
    }

    const resumed = await runCli('train', ['--resume', join(dir, 'crashed', 'run'), '--no-progress']);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stderr).toMatch(/resuming .* at step \d+/);

    const [a, b] = await Promise.all(
      ['straight', 'crashed'].map(async (name) => JSON.parse(await readFile(join(dir, name, 'run', 'report.json'), 'utf8')) as { steps: number; updates: number; testAccuracy: number }),
    );
    expect(b?.updates).toBe(a?.updates);
    expect(b?.steps).toBe(200);
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
