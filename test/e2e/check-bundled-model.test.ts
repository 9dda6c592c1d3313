import { execFile } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, '..', '..');
const BUNDLED = join(ROOT, 'models', 'mnist');

/** The tool's exit code and output for `args` (it is wrangler.toml's [build] command). */
async function checkBundledModel(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', join(ROOT, 'tools', 'check-bundled-model.ts'), ...args], { cwd: ROOT });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? -1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

/** A copy of the bundled model's directory, changed by `change`. */
async function alteredCopy(change: (dir: string) => Promise<void>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'edgefuse-bundled-'));
  dirs.push(dir);
  await cp(BUNDLED, dir, { recursive: true });
  await change(dir);
  return dir;
}

describe('tools/check-bundled-model.ts', () => {
  it('should accept the committed default model, naming it', async () => {
    const manifest = JSON.parse(await readFile(join(BUNDLED, 'manifest.json'), 'utf8')) as { name: string; version: string };
    const result = await checkBundledModel([]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain(`models/mnist is ${manifest.name}@${manifest.version}`);
  });

  it('should stop the build with one line when a bundled file does not match its sha256', async () => {
    const dir = await alteredCopy(async (copy) => {
      const weights = await readFile(join(copy, 'weights.bin'));
      weights[100] = (weights[100] ?? 0) ^ 0x01;
      await writeFile(join(copy, 'weights.bin'), weights);
    });
    const result = await checkBundledModel(['--dir', dir]);
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain(`check-bundled-model: ${dir} cannot be bundled:`);
    expect(result.stderr).toContain('weights.bin');
  });

  it('should stop the build when the manifest breaks its schema, naming the field', async () => {
    const dir = await alteredCopy(async (copy) => {
      const manifest = JSON.parse(await readFile(join(copy, 'manifest.json'), 'utf8')) as Record<string, unknown>;
      await writeFile(join(copy, 'manifest.json'), JSON.stringify({ ...manifest, output: 'scores' }));
    });
    const result = await checkBundledModel(['--dir', dir]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/cannot be bundled: invalid manifest at output/);
  });

  it('should name a directory it cannot read, and a flag it does not know', async () => {
    const missing = await checkBundledModel(['--dir', join(tmpdir(), 'edgefuse-no-such-dir')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('cannot read artifact directory');
    const flag = await checkBundledModel(['--bogus']);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toContain("'--bogus'");
  });
});
