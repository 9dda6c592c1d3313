import { mkdir } from 'node:fs/promises';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { writeFileAtomic } from '../trainer/io/write-file-atomic';

/** Where bench scripts leave their JSON results (read by `npm run bench:report`). */
export const BENCH_RESULTS_DIR = 'bench-results';

/** The machine a result was measured on, recorded beside every result. */
export function machineDescription(): { cpu: string; cores: number; memoryGiB: number; node: string; loadAverage: number } {
  const [first] = cpus();
  return {
    cpu: first?.model ?? 'unknown', cores: cpus().length, memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version,
    // The 15-minute load average when the result is written: these VMs are shared, and a bench that
    // ran beside other work (a load above the core count) measured a busy machine.
    loadAverage: Math.round((loadavg()[2] ?? 0) * 100) / 100,
  };
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
