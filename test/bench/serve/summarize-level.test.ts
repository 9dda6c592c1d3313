import { describe, expect, it } from 'vitest';
import { summarizeLevel } from '../../../bench/serve/summarize-level';

describe('summarizeLevel', () => {
  it('should count completed responses per second and take p50/p99 over unsorted latencies', () => {
    const latenciesMs = Array.from({ length: 200 }, (_, index) => 200 - index); // 200, 199, …, 1
    const level = summarizeLevel({ connections: 8, latenciesMs, durationSeconds: 10.02, errors: 0, non2xx: 0 });
    expect(level).toEqual({ connections: 8, requestsPerSecond: 20, p50Ms: 100, p99Ms: 198, errors: 0, non2xx: 0 });
  });

  it('should round req/s to 0.1 and latencies to 0.01 ms', () => {
    const level = summarizeLevel({ connections: 1, latenciesMs: [1.23456, 2.34567, 3.45678], durationSeconds: 7, errors: 0, non2xx: 0 });
    expect(level.requestsPerSecond).toBe(0.4);
    expect(level.p50Ms).toBe(2.35);
    expect(level.p99Ms).toBe(3.46);
  });

  it('should pass errors and non-2xx through, and report null latencies when nothing completed', () => {
    const level = summarizeLevel({ connections: 64, latenciesMs: [], durationSeconds: 10, errors: 64, non2xx: 0 });
    expect(level).toEqual({ connections: 64, requestsPerSecond: 0, p50Ms: null, p99Ms: null, errors: 64, non2xx: 0 });
  });

  it('should refuse a non-positive duration', () => {
    expect(() => summarizeLevel({ connections: 1, latenciesMs: [1], durationSeconds: 0, errors: 0, non2xx: 0 })).toThrow('got 0');
  });
});
