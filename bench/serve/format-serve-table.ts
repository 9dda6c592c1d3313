import type { ServeBenchResult } from './serve-bench-result';

const KIB = 1024;
const formatMs = (value: number | null): string => (value === null ? '-' : value.toFixed(2));

/** The human report of `bench:serve`: one row per concurrency level, then cold start and bundle size. */
export function formatServeTable(result: ServeBenchResult, durationSeconds: number): string {
  const lines = [
    `POST /v1/predict, PNG and JPEG alternating, wrangler dev on 127.0.0.1, ${durationSeconds} s per level`,
    `${'connections'.padStart(11)} ${'req/s'.padStart(9)} ${'p50 ms'.padStart(8)} ${'p99 ms'.padStart(8)} ${'errors'.padStart(7)} ${'non-2xx'.padStart(8)}`,
    ...result.levels.map(
      (level) =>
        `${String(level.connections).padStart(11)} ${level.requestsPerSecond.toFixed(1).padStart(9)} ${formatMs(level.p50Ms).padStart(8)} ` +
        `${formatMs(level.p99Ms).padStart(8)} ${String(level.errors).padStart(7)} ${String(level.non2xx).padStart(8)}`,
    ),
    `cold start: ${Math.round(result.coldStartMs)} ms (spawn wrangler dev → first 200 on /healthz); first predict: ${result.firstPredictMs.toFixed(1)} ms`,
    `bundle: ${result.bundleBytes} bytes (${(result.bundleBytes / KIB).toFixed(2)} KiB) raw, ${result.bundleGzipBytes} bytes (${(result.bundleGzipBytes / KIB).toFixed(2)} KiB) gzip`,
  ];
  return `${lines.join('\n')}\n`;
}
