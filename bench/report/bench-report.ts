// `npm run bench:report`: writes BENCHMARKS.md from bench-results/*.json and models/mnist/report.json.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { renderBenchmarksMd } from './render-benchmarks-md';
import type { BenchRecord } from './render-benchmarks-md';
import { BENCH_RESULTS_DIR } from '../write-bench-result';
import { writeFileAtomic } from '../../trainer/io/write-file-atomic';
import { runCli } from '../../trainer/cli/run-cli';

runCli('bench:report', async () => {
  const records = new Map<string, BenchRecord>();
  for (const file of (await readdir(BENCH_RESULTS_DIR).catch(() => [] as string[])).filter((name) => name.endsWith('.json'))) {
    const record = JSON.parse(await readFile(join(BENCH_RESULTS_DIR, file), 'utf8')) as BenchRecord;
    records.set(file.replace(/\.json$/, ''), record);
  }
  const report = await readFile(join('models', 'mnist', 'report.json'), 'utf8').then((text) => JSON.parse(text) as Record<string, unknown>, () => undefined);
  await writeFileAtomic('BENCHMARKS.md', renderBenchmarksMd(records, report));
  process.stdout.write(`BENCHMARKS.md written from ${records.size} result files\n`);
});
