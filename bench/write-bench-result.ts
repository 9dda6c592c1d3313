import { mkdir } from 'node:fs/promises';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { writeFileAtomic } from '../trainer/io/write-file-atomic';

/** Where bench scripts leave their JSON results (read by `npm run bench:report`). */
export const BENCH_RESULTS_DIR = 'bench-results';

/** The machine a result was measured on, recorded beside every result. */
export function machineDescription(): { cpu: string; cores: number; memoryGiB: number; node: string } {
  const [first] = cpus();
  return { cpu: first?.model ?? 'unknown', cores: cpus().length, memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version };
}

/**
 * Writes `bench-results/<name>.json`: the result, the command that reproduces it, the machine and
 * the time, atomically.
 */
export async function writeBenchResult(name: string, command: string, result: unknown): Promise<string> {
  await mkdir(BENCH_RESULTS_DIR, { recursive: true });
  const path = join(BENCH_RESULTS_DIR, `${name}.json`);
  const record = { name, command, machine: machineDescription(), measuredAt: new Date().toISOString(), result };
  await writeFileAtomic(path, `${JSON.stringify(record, null, 2)}\n`);
  return path;
}
