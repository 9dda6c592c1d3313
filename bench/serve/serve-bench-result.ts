import type { InIsolateResult } from './run-in-isolate-bench';

/** One concurrency level of `bench:serve`: a fixed time of POST /v1/predict at `connections`. */
export interface ServeLevelResult {
  connections: number;
  /** Completed responses (any status) per second of the level's wall time. */
  requestsPerSecond: number;
  /** Latency percentiles over every completed response, ms; `null` when none completed. */
  p50Ms: number | null;
  p99Ms: number | null;
  /** Connection errors and timeouts (autocannon's `errors`, which includes `timeouts`). */
  errors: number;
  /** Responses with a status outside 200–299. */
  non2xx: number;
}

/** What `bench:serve --json` prints and writes to `bench-results/serve.json`. */
export interface ServeBenchResult {
  levels: ServeLevelResult[];
  /** Spawning `wrangler dev` → first 200 on /healthz, ms (includes wrangler's own bundling). */
  coldStartMs: number;
  /** Latency of the first POST /v1/predict after /healthz answered (model load, first kernels), ms. */
  firstPredictMs: number;
  /** Uploaded modules of `wrangler deploy --dry-run` (script + bundled model), bytes raw and gzip. */
  bundleBytes: number;
  bundleGzipBytes: number;
  /** workerd's CPU per request and cold starts, bare Worker vs this worker (vs `--compare`). */
  inIsolate?: InIsolateResult;
}
