import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/run-cli';
import type { CliResult } from '../../helpers/run-cli';


function train(args: string[]): Promise<CliResult> {
  return runCli('train', args);
}

describe('npm run train (CLI)', () => {
  it('should refuse an unknown flag in one line with exit code 2', async () => {
    const result = await train(['--epoch', '3']);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe("train: Unknown option '--epoch'\n");
  });

  it('should name the flag whose value is wrong', async () => {
    const result = await train(['--batch-size', 'big']);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('train: --batch-size: expected an integer, got "big"\n');
    const backend = await train(['--backend', 'gpu']);
    expect(backend.code).toBe(2);
    expect(backend.stderr.trim().split('\n')).toHaveLength(1);
    expect(backend.stderr).toMatch(/^train: invalid value for "backend"/);
  });

  it('should refuse a version publish would refuse, with the message publish gives', async () => {
    const [trained, published] = await Promise.all([
      train(['--version', '2026/12', '--max-steps', '1']),
      runCli('publish', ['--model', 'models/mnist', '--version', '2026/12']),
    ]);
    expect(trained.code).toBe(2);
    expect(published.code).toBe(2);
    const reason = 'invalid value for "version": must be 1–64 letters, digits, ".", "_" or "-", starting with a letter or digit (one bucket key segment: no "/"), got "2026/12"';
    expect(trained.stderr).toBe(`train: ${reason}\n`);
    expect(published.stderr).toBe(`publish: refusing to publish models/mnist: ${reason}\n`);
  });

  it('should refuse an --out that holds something other than an artifact, before training, and leave it alone', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'edgefuse-out-'));
    try {
      await writeFile(join(dir, 'photo.png'), 'not an artifact');
      const result = await train(['--out', dir, '--max-steps', '1', '--train-limit', '64', '--test-limit', '10']);
      expect(result.code).toBe(2);
      expect(result.stderr).toBe(`train: --out ${dir}: holds 1 entries but no edgefuse artifact (manifest.json); refusing to replace it (choose another --out)\n`);
      expect(await readdir(dir)).toEqual(['photo.png']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('should print the run directory, the artifact and the exact resume command before training', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'edgefuse-train-cli-'));
    try {
      const runDir = join(dir, 'my run');
      const result = await train([
        '--max-steps', '1', '--epochs', '1', '--train-limit', '64', '--test-limit', '32', '--batch-size', '32', '--threads', '1',
        '--no-progress', '--run-dir', runDir, '--out', join(dir, 'out'),
      ]);
      expect(result.code, result.stderr).toBe(0);
      const lines = result.stderr.split('\n');
      expect(lines[0]).toBe(`run: ${runDir} · artifact: ${join(dir, 'out')}`);
      expect(lines[1]).toBe(`to resume if stopped: npm run train -- --resume '${runDir}'`);
      expect(JSON.parse(await readFile(join(runDir, 'run.json'), 'utf8'))).toMatchObject({ runDir, out: join(dir, 'out'), name: 'mnist' });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('should print the flags and defaults with --help', async () => {
    const result = await train(['--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/--epochs\s+passes over the training set \(default: \d+\)/);
    expect(result.stdout).toContain('--backend');
  });
});
