import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from './write-file-atomic';

/** File in a run directory that says where the run writes its artifact, so `--resume <out>` finds it. */
export const RUN_RECORD_FILE = 'run.json';

/** Where runs go by default (`runs/<name>-<time>`). */
export const RUNS_ROOT = 'runs';

const runRecordSchema = z.object({ runDir: z.string(), out: z.string(), name: z.string(), startedAt: z.string() });

/** What `run.json` records. */
export type RunRecord = z.infer<typeof runRecordSchema>;

/** Writes `<runDir>/run.json` (atomically) at the start of a run. */
export async function writeRunRecord(record: RunRecord): Promise<void> {
  await writeFileAtomic(join(record.runDir, RUN_RECORD_FILE), `${JSON.stringify(record, null, 2)}\n`);
}

/** Every run under `root` that has a readable `run.json` and a `checkpoints/` folder, newest first. */
export async function listResumableRuns(root = RUNS_ROOT): Promise<RunRecord[]> {
  let entries: string[];
  try {
    entries = await readdir(root);
  } catch {
    return [];
  }
  const records: RunRecord[] = [];
  for (const entry of entries) {
    const dir = join(root, entry);
    try {
      const record = runRecordSchema.parse(JSON.parse(await readFile(join(dir, RUN_RECORD_FILE), 'utf8')));
      if (existsSync(join(dir, 'checkpoints'))) records.push({ ...record, runDir: dir });
    } catch {
      // Not a run directory of this version (or half-written): not resumable by name.
    }
  }
  return records.sort((a, b) => b.startedAt.localeCompare(a.startedAt));
}

/**
 * The run directory `--resume <target>` means: the run directory itself (it has `checkpoints/`);
 * `latest` (the newest resumable run under `runs/`); or a run's `--out` directory (the newest run
 * under `runs/` that writes its artifact there; an artifact's `report.json` also names its run).
 * Throws an `Error` naming the target and what was looked for.
 */
export async function resolveResumeDir(target: string, root = RUNS_ROOT): Promise<string> {
  if (target !== 'latest' && existsSync(join(target, 'checkpoints'))) return target;
  const runs = await listResumableRuns(root);
  if (target === 'latest') {
    const newest = runs[0];
    if (newest === undefined) throw new Error(`no run under ${root}/ has checkpoints to resume`);
    return newest.runDir;
  }
  const wanted = resolve(target);
  const writer = runs.find((run) => resolve(run.out) === wanted);
  if (writer !== undefined) return writer.runDir;
  try {
    const report = z.object({ runDir: z.string() }).parse(JSON.parse(await readFile(join(target, 'report.json'), 'utf8')));
    if (existsSync(join(report.runDir, 'checkpoints'))) return report.runDir;
  } catch {
    // No report naming a run: fall through to the error below.
  }
  throw new Error(`${target} is not a run directory (no checkpoints/), and no run under ${root}/ writes its artifact there`);
}
