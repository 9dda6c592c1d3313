import { availableParallelism, loadavg } from 'node:os';
import { loadPredictBodies } from './load-predict-bodies';
import { measureBundleSize } from './measure-bundle-size';
import { runInIsolateBench } from './run-in-isolate-bench';
import type { InIsolateOptions } from './run-in-isolate-bench';
import { runLoadLevel } from './run-load-level';
import type { ServeBenchResult, ServeLevelResult } from './serve-bench-result';
import { startLocalWorker } from './start-local-worker';
import { summarizeLevel } from './summarize-level';
import { timePredict } from './time-predict';

/** What one `bench:serve` run does; the CLI's flags, with their defaults in `DEFAULT_SERVE_BENCH`. */
export interface ServeBenchOptions {
  /** Concurrent connections of each level, run in this order. */
  connectionLevels: number[];
  /** Length of each level, seconds. */
  durationSeconds: number;
  /** Per-request timeout, seconds: a slower response counts as an error. */
  timeoutSeconds: number;
  /** Untimed load before the first level (JIT, model cache), seconds; 0 for none. */
  warmupSeconds: number;
  /** The in-isolate section (workerd CPU per request), or `undefined` to skip it. */
  inIsolate: InIsolateOptions | undefined;
  /** Skip the `wrangler dev` load levels (bundle size and the in-isolate section only). */
  inIsolateOnly: boolean;
}

/** Defaults: about 70 s in all on a 2-core machine (bundle ~10 s, start ~10 s, 2 + 4 × 10 s of load). */
export const DEFAULT_SERVE_BENCH: ServeBenchOptions = {
  connectionLevels: [1, 8, 32, 64],
  durationSeconds: 10,
  timeoutSeconds: 30,
  warmupSeconds: 2,
  inIsolate: { requests: 1000, rounds: 3, coldStarts: 4, compareRefs: [] },
  inIsolateOnly: false,
};

/** Bounds for the whole run's fixed steps, ms. */
const BUNDLE_TIMEOUT_MS = 120_000;
const READY_TIMEOUT_MS = 120_000;

/** One line on how busy the host is: other processes on a shared machine skew every number. */
function describeHostLoad(): string {
  const [oneMinute = 0] = loadavg();
  const cores = availableParallelism();
  const busy = oneMinute > cores ? ' (busier than its cores: expect lower req/s and higher latency than on an idle host)' : '';
  return `host: ${cores} cores, 1-minute load average ${oneMinute.toFixed(2)}${busy}`;
}

/**
 * The serve benchmark, in phases: bundle size (dry-run deploy, before the server so it does not
 * compete for the CPU) → in-isolate CPU per request (fresh workerds via miniflare) → cold start (spawn wrangler dev → /healthz) → first predict → every body
 * once (each must answer 200) → warm-up → one fixed-time load per connection level. The worker
 * is always stopped, also when a phase throws or `signal` aborts.
 */
export async function runServeBench(root: string, options: ServeBenchOptions, log: (line: string) => void, signal?: AbortSignal): Promise<ServeBenchResult> {
  const bodies = await loadPredictBodies(root);
  const [firstBody] = bodies;
  if (firstBody === undefined) throw new Error('no predict bodies to send');

  log(describeHostLoad());
  log('measuring the bundle (wrangler deploy --dry-run)…');
  const bundle = await measureBundleSize(root, BUNDLE_TIMEOUT_MS, signal);
  log(`bundle: ${bundle.modules.join(' + ')} = ${bundle.bytes} bytes, ${bundle.gzipBytes} gzip`);

  // In-isolate before the load levels: nothing else of this run competes for the CPU.
  const inIsolate = options.inIsolate === undefined ? undefined : await runInIsolateBench(root, options.inIsolate, log, signal);
  const sizes = { bundleBytes: bundle.bytes, bundleGzipBytes: bundle.gzipBytes, ...(inIsolate === undefined ? {} : { inIsolate }) };
  if (options.inIsolateOnly) return { levels: [], coldStartMs: 0, firstPredictMs: 0, ...sizes };

  log('starting wrangler dev on 127.0.0.1…');
  const worker = await startLocalWorker({ root, readyTimeoutMs: READY_TIMEOUT_MS, signal });
  try {
    log(`${worker.url} answered /healthz after ${Math.round(worker.coldStartMs)} ms`);
    const timeoutMs = options.timeoutSeconds * 1000;
    const firstPredictMs = await timePredict(worker.url, firstBody, timeoutMs);
    for (const body of bodies.slice(1)) await timePredict(worker.url, body, timeoutMs);
    log(`first predict: ${firstPredictMs.toFixed(1)} ms; every body answers 200`);

    const load = { url: worker.url, timeoutSeconds: options.timeoutSeconds, bodies, signal };
    if (options.warmupSeconds > 0) {
      log(`warm-up: ${options.warmupSeconds} s at 1 connection…`);
      await runLoadLevel({ ...load, connections: 1, durationSeconds: options.warmupSeconds });
    }
    const levels: ServeLevelResult[] = [];
    for (const connections of options.connectionLevels) {
      log(`load: ${connections} connection(s) for ${options.durationSeconds} s…`);
      const level = summarizeLevel(await runLoadLevel({ ...load, connections, durationSeconds: options.durationSeconds }));
      log(`  ${level.requestsPerSecond} req/s, p50 ${level.p50Ms} ms, p99 ${level.p99Ms} ms, ${level.errors} errors, ${level.non2xx} non-2xx`);
      levels.push(level);
    }
    log(describeHostLoad());
    return {
      levels,
      coldStartMs: Math.round(worker.coldStartMs),
      firstPredictMs: Math.round(firstPredictMs * 100) / 100,
      ...sizes,
    };
  } finally {
    await worker.stop();
  }
}
