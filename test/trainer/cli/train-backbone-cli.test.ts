import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/run-cli';

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'edgefuse-train-backbone-cli-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('npm run train -- --backbone (CLI errors)', () => {
  it('should refuse a backbone directory that is none of the three kinds in one line, exit 2, nothing written', async () => {
    const nowhere = join(dir, 'nowhere');
    const result = await runCli('train', ['--backbone', nowhere, '--out', join(dir, 'out'), '--run-dir', join(dir, 'run'), '--no-progress', '--backend', 'cpu']);
    expect(result.code).toBe(2);
    expect(result.stderr.split('\n').filter((line) => line.startsWith('train:'))).toEqual([
      `train: --backbone ${nowhere}: neither an edgefuse artifact (manifest.json), a run directory (float/) nor a LayersModel (model.json)`,
    ]);
    expect(await readdir(dir)).toEqual([]);
  });

  it('should refuse fine-tuning without a backbone before any work', async () => {
    const result = await runCli('train', ['--fine-tune-layers', '2', '--out', join(dir, 'out'), '--run-dir', join(dir, 'run'), '--no-progress']);
    expect([result.code, result.stderr]).toEqual([2, 'train: --fine-tune-layers needs --backbone DIR\n']);
    expect(await readdir(dir)).toEqual([]);
  });
});
