// `npm run bench:serve [-- --json] [--duration S] [--connections 1,8,32,64]`: load on the worker
// under `wrangler dev` on 127.0.0.1 (throughput, p50/p99, errors per concurrency level), its cold
// start and first predict, and the bundle size. Progress goes to stderr; the result to stdout and
// to bench-results/serve.json.
import { mkdir } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { formatInIsolateTable } from './format-in-isolate-table';
import { formatServeTable } from './format-serve-table';
import { parseConnectionLevels } from './parse-connection-levels';
import { DEFAULT_SERVE_BENCH, runServeBench } from './run-serve-bench';
import type { ServeBenchOptions } from './run-serve-bench';
import { writeFileAtomic } from '../../trainer/io/write-file-atomic';
import { machineDescription } from '../write-bench-result';
import { formatFlagHelp, parseCliFlags, UsageError } from '../../trainer/cli/parse-cli-flags';
import { runCli } from '../../trainer/cli/run-cli';

const ROOT = join(import.meta.dirname, '..', '..');
const DEFAULT_OUT = join('bench-results', 'serve.json');
/** Where `--isolate-only` writes by default, so it does not replace a full run's load levels. */
const DEFAULT_ISOLATE_OUT = join('bench-results', 'serve-isolate.json');
/** Longest level or warm-up, seconds: keeps a run bounded (4 levels × 60 s at most by default). */
const MAX_SECONDS = 60;

const FLAGS = [
  { flag: 'json', key: 'json', kind: 'boolean', description: 'print one JSON object instead of the table' },
  { flag: 'duration', key: 'durationSeconds', kind: 'number', description: `seconds per concurrency level (max ${MAX_SECONDS})` },
  { flag: 'connections', key: 'connections', kind: 'string', description: 'comma-separated concurrency levels' },
  { flag: 'timeout', key: 'timeoutSeconds', kind: 'number', description: 'per-request timeout, seconds (a timeout is an error)' },
  { flag: 'warmup', key: 'warmupSeconds', kind: 'number', description: 'untimed load before the first level, seconds' },
  { flag: 'out', key: 'out', kind: 'string', description: 'where to write the JSON result' },
  { flag: 'isolate-requests', key: 'isolateRequests', kind: 'number', description: 'in-isolate: sequential requests per route and round (0 skips the section)' },
  { flag: 'isolate-rounds', key: 'isolateRounds', kind: 'number', description: 'in-isolate: rounds, each with a fresh workerd per variant' },
  { flag: 'isolate-cold-starts', key: 'isolateColdStarts', kind: 'number', description: 'in-isolate: cold starts per variant and round (each a fresh workerd; cold starts are noisy)' },
  { flag: 'compare', key: 'compare', kind: 'string', description: 'in-isolate: also measure the worker at these git refs (comma-separated), in the same rounds' },
  { flag: 'isolate-only', key: 'isolateOnly', kind: 'boolean', description: 'skip the wrangler dev load levels' },
] as const;

function secondsFlag(value: unknown, flag: string, fallback: number, allowZero: boolean): number {
  if (value === undefined) return fallback;
  const seconds = value as number; // parseCliFlags has checked it is a finite number
  if (seconds > MAX_SECONDS || seconds < 0 || (seconds === 0 && !allowZero)) {
    throw new UsageError(`--${flag}: expected ${allowZero ? '0' : 'more than 0'} to ${MAX_SECONDS} seconds, got ${seconds}`);
  }
  return seconds;
}

runCli('bench:serve', async () => {
  const { values, positionals, help } = parseCliFlags(process.argv.slice(2), FLAGS);
  const defaults = { ...DEFAULT_SERVE_BENCH, connections: DEFAULT_SERVE_BENCH.connectionLevels.join(','), out: DEFAULT_OUT };
  if (help) {
    process.stdout.write(`usage: npm run bench:serve -- [flags]\n${formatFlagHelp(FLAGS, defaults)}\n`);
    return;
  }
  if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`);
  const isolateDefaults = DEFAULT_SERVE_BENCH.inIsolate ?? { requests: 1000, rounds: 3, coldStarts: 4, compareRefs: [] };
  const isolateRequests = (values.isolateRequests as number | undefined) ?? isolateDefaults.requests; // parseCliFlags checked the kind
  const isolateRounds = (values.isolateRounds as number | undefined) ?? isolateDefaults.rounds;
  const isolateColdStarts = (values.isolateColdStarts as number | undefined) ?? isolateDefaults.coldStarts;
  if (!Number.isInteger(isolateColdStarts) || isolateColdStarts < 1) throw new UsageError(`--isolate-cold-starts: expected an integer ≥ 1, got ${isolateColdStarts}`);
  if (!Number.isInteger(isolateRequests) || isolateRequests < 0) throw new UsageError(`--isolate-requests: expected an integer ≥ 0, got ${isolateRequests}`);
  if (!Number.isInteger(isolateRounds) || isolateRounds < 1) throw new UsageError(`--isolate-rounds: expected an integer ≥ 1, got ${isolateRounds}`);
  const options: ServeBenchOptions = {
    inIsolate: isolateRequests === 0 ? undefined : { requests: isolateRequests, rounds: isolateRounds, coldStarts: isolateColdStarts, compareRefs: typeof values.compare === 'string' ? values.compare.split(',').filter(Boolean) : [] },
    inIsolateOnly: values.isolateOnly === true,
    connectionLevels: values.connections === undefined ? DEFAULT_SERVE_BENCH.connectionLevels : parseConnectionLevels(values.connections as string),
    durationSeconds: secondsFlag(values.durationSeconds, 'duration', DEFAULT_SERVE_BENCH.durationSeconds, false),
    timeoutSeconds: secondsFlag(values.timeoutSeconds, 'timeout', DEFAULT_SERVE_BENCH.timeoutSeconds, false),
    warmupSeconds: secondsFlag(values.warmupSeconds, 'warmup', DEFAULT_SERVE_BENCH.warmupSeconds, true),
  };
  const out = resolve((values.out as string | undefined) ?? join(ROOT, options.inIsolateOnly ? DEFAULT_ISOLATE_OUT : DEFAULT_OUT));

  // wrangler runs in its own process group (so it can be killed whole): Ctrl-C does not reach
  // it, so SIGINT/SIGTERM abort the run, whose cleanup stops it before this process exits.
  const interrupt = new AbortController();
  const onSignal = (signal: NodeJS.Signals): void => {
    process.stderr.write(`bench:serve: ${signal}, stopping wrangler dev…\n`);
    interrupt.abort(new Error(`interrupted by ${signal}`));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  let result;
  try {
    result = await runServeBench(ROOT, options, (line) => process.stderr.write(`${line}\n`), interrupt.signal);
  } catch (error) {
    if (!interrupt.signal.aborted) throw error;
    process.stderr.write('bench:serve: interrupted; wrangler dev stopped\n');
    process.exit(130);
  }

  await mkdir(dirname(out), { recursive: true });
  const command = `npm run bench:serve${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`;
  const record = { name: options.inIsolateOnly ? 'serve-isolate' : 'serve', command, machine: machineDescription(), measuredAt: new Date().toISOString(), result };
  await writeFileAtomic(out, `${JSON.stringify(record, null, 2)}\n`);
  process.stderr.write(`wrote ${out}\n`);
  if (values.json === true) process.stdout.write(`${JSON.stringify(result)}\n`);
  else if (!options.inIsolateOnly) process.stdout.write(formatServeTable(result, options.durationSeconds));
  if (values.json !== true && result.inIsolate !== undefined) process.stdout.write(formatInIsolateTable(result.inIsolate));

  const failed = result.levels.filter((level) => level.errors > 0 || level.non2xx > 0);
  if (failed.length > 0) {
    const summary = failed.map((level) => `${level.connections} connections: ${level.errors} errors, ${level.non2xx} non-2xx`).join('; ');
    throw new Error(`the worker did not answer every request with 2xx (${summary}); the numbers above are not a valid benchmark`);
  }
});
