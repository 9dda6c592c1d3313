import { percentile } from './percentile';
import type { ServeLevelResult } from './serve-bench-result';

/** What one autocannon run measured, before rounding. */
export interface LevelMeasurement {
  connections: number;
  /** Latency of every completed response, ms, in arrival order. */
  latenciesMs: readonly number[];
  /** Wall time of the run, seconds. */
  durationSeconds: number;
  errors: number;
  non2xx: number;
}

const round = (value: number, decimals: number): number => Math.round(value * 10 ** decimals) / 10 ** decimals;

/** Throughput and p50/p99 of one level, rounded for the report (0.1 req/s, 0.01 ms). */
export function summarizeLevel(measurement: LevelMeasurement): ServeLevelResult {
  if (!(measurement.durationSeconds > 0)) throw new RangeError(`durationSeconds must be positive, got ${measurement.durationSeconds}`);
  const sorted = [...measurement.latenciesMs].sort((a, b) => a - b);
  const p50 = percentile(sorted, 50);
  const p99 = percentile(sorted, 99);
  return {
    connections: measurement.connections,
    requestsPerSecond: round(sorted.length / measurement.durationSeconds, 1),
    p50Ms: p50 === undefined ? null : round(p50, 2),
    p99Ms: p99 === undefined ? null : round(p99, 2),
    errors: measurement.errors,
    non2xx: measurement.non2xx,
  };
}
