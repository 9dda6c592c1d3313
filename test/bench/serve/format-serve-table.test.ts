import { describe, expect, it } from 'vitest';
import { formatServeTable } from '../../../bench/serve/format-serve-table';

describe('formatServeTable', () => {
  it('should print one row per level, then cold start and bundle size', () => {
    const table = formatServeTable(
      {
        levels: [
          { connections: 1, requestsPerSecond: 98.5, p50Ms: 9.05, p99Ms: 22.45, errors: 0, non2xx: 0 },
          { connections: 64, requestsPerSecond: 0, p50Ms: null, p99Ms: null, errors: 3, non2xx: 1 },
        ],
        coldStartMs: 6210,
        firstPredictMs: 172.14,
        bundleBytes: 2048,
        bundleGzipBytes: 512,
      },
      10,
    );
    const lines = table.trimEnd().split('\n');
    expect(lines).toHaveLength(6);
    expect(lines[0]).toContain('10 s per level');
    expect(lines[2]?.trim().split(/\s+/)).toEqual(['1', '98.5', '9.05', '22.45', '0', '0']);
    expect(lines[3]?.trim().split(/\s+/)).toEqual(['64', '0.0', '-', '-', '3', '1']);
    expect(lines[4]).toContain('cold start: 6210 ms');
    expect(lines[4]).toContain('first predict: 172.1 ms');
    expect(lines[5]).toBe('bundle: 2048 bytes (2.00 KiB) raw, 512 bytes (0.50 KiB) gzip');
  });
});
