import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, '..', '..', '..');

async function train(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'trainer/cli/train.ts', ...args], { cwd: ROOT });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
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

  it('should print the flags and defaults with --help', async () => {
    const result = await train(['--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/--epochs\s+passes over the training set \(default: \d+\)/);
    expect(result.stdout).toContain('--backend');
  });
});
