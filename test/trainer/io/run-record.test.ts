import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { resolveResumeDir, writeRunRecord } from '../../../trainer/io/run-record';

let root = '';

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'edgefuse-runs-'));
});

afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

async function makeRun(name: string, out: string, startedAt: string, checkpoints = true): Promise<string> {
  const runDir = join(root, name);
  await mkdir(checkpoints ? join(runDir, 'checkpoints') : runDir, { recursive: true });
  await writeRunRecord({ runDir, out, name, startedAt });
  return runDir;
}

describe('resolveResumeDir', () => {
  it('should take a run directory as it is', async () => {
    const run = await makeRun('pets-1', 'models/pets', '2026-12-01T10:00:00.000Z');
    expect(await resolveResumeDir(run, root)).toBe(run);
  });

  it("should find the newest resumable run for 'latest'", async () => {
    await makeRun('a', 'models/a', '2026-12-01T10:00:00.000Z');
    const newest = await makeRun('b', 'models/b', '2026-12-01T11:00:00.000Z');
    await makeRun('c', 'models/c', '2026-12-01T12:00:00.000Z', false); // no checkpoints: not resumable
    expect(await resolveResumeDir('latest', root)).toBe(newest);
  });

  it('should find the newest run that writes its artifact to an --out directory', async () => {
    await makeRun('pets-1', 'models/pets', '2026-12-01T10:00:00.000Z');
    const second = await makeRun('pets-2', 'models/pets', '2026-12-01T11:00:00.000Z');
    await makeRun('other', 'models/other', '2026-12-01T12:00:00.000Z');
    expect(await resolveResumeDir('models/pets', root)).toBe(second);
    expect(await resolveResumeDir('models/pets/', root)).toBe(second);
  });

  it('should follow a finished artifact’s report.json to its run', async () => {
    const run = join(root, 'elsewhere', 'run');
    await mkdir(join(run, 'checkpoints'), { recursive: true });
    const out = join(root, 'artifact');
    await mkdir(out);
    await writeFile(join(out, 'report.json'), JSON.stringify({ runDir: run }));
    expect(await resolveResumeDir(out, join(root, 'runs'))).toBe(run);
  });

  it('should say what it looked for when nothing matches', async () => {
    await expect(resolveResumeDir('models/nothing', root)).rejects.toThrow(
      `models/nothing is not a run directory (no checkpoints/), and no run under ${root}/ writes its artifact there`,
    );
    await expect(resolveResumeDir('latest', root)).rejects.toThrow(`no run under ${root}/ has checkpoints to resume`);
  });
});
