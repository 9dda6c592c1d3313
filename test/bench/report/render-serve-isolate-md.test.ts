import { describe, expect, it } from 'vitest';
import type { BenchRecord } from '../../../bench/report/render-benchmarks-md';
import { renderServeIsolateMd } from '../../../bench/report/render-serve-isolate-md';

const machine = { cpu: 'Test CPU', cores: 2, memoryGiB: 24, node: 'v22.0.0' };

const start = (firstPredictWallMs: number, firstPredictCpuMs = 38, predictFirstWallMs = firstPredictWallMs + 10) => ({
  readyWallMs: 400, readyCpuMs: 300, firstHealthzWallMs: 15, firstHealthzCpuMs: 10, firstPredictWallMs, firstPredictCpuMs, predictFirstWallMs, predictFirstCpuMs: firstPredictCpuMs + 8,
});

function isolateRecord(rows: Record<string, unknown>[], extraCold: Record<string, unknown>[] = []): BenchRecord {
  const cold = [{ variant: 'edgefuse', rounds: [start(35), start(40), start(45)], median: start(40) }, ...extraCold];
  return {
    name: 'serve-isolate',
    command: 'npm run bench:serve -- --isolate-only',
    machine,
    measuredAt: '2026-12-02T08:00:00.000Z',
    result: { rounds: 2, rows, cold, loadAverage: { before: 0.5, after: 1 } },
  };
}

describe('renderServeIsolateMd', () => {
  it('should give each route its paired difference from the bare Worker, and the second baseline as a row', () => {
    const md = renderServeIsolateMd(
      isolateRecord([
        { variant: 'bare Worker', route: 'GET / (bare)', requests: 80, cpuMsPerRequest: [0.6, 1.0], medianCpuMs: 0.8 },
        { variant: 'bare Worker, reads a POST body', route: 'POST / with the PNG body (246 bytes)', requests: 80, cpuMsPerRequest: [0.8, 1.2], medianCpuMs: 1.0, vsBareMs: [0.2, 0.2], medianVsBareMs: 0.2 },
        // Median minus median would say +0.40; the rounds, each against its own bare figure, say +0.50.
        { variant: 'edgefuse', route: 'predict PNG 28×28', requests: 40, cpuMsPerRequest: [1.1, 1.3], medianCpuMs: 1.2, vsBareMs: [0.5, 0.5], medianVsBareMs: 0.5 },
      ]),
    ).join('\n');
    expect(md).toContain('| predict PNG 28×28 | 1.200 (1.10–1.30) | +0.50 | ≤ +0.8 |');
    expect(md).toContain('| bare Worker, reads a POST body: POST / with the PNG body (246 bytes) | 1.000 (0.80–1.20) | +0.20 | |');
    expect(md).not.toContain('bare Worker, reads a POST body CPU ms');
    expect(md).toContain('Cold start, median of 3 fresh isolates per variant');
    expect(md).toContain('| edgefuse | 400 ms (CPU 300) | 15.0 ms (CPU 10.0) | 40.0 ms (CPU 38.0) [35.0–45.0] | 50.0 ms (CPU 46.0) [45.0–55.0] |');
  });

  it('should fall back to the difference of medians for a record without paired figures', () => {
    const md = renderServeIsolateMd(
      isolateRecord([
        { variant: 'bare Worker', route: 'GET / (bare)', requests: 80, cpuMsPerRequest: [0.8], medianCpuMs: 0.8 },
        { variant: 'edgefuse', route: 'GET /healthz', requests: 40, cpuMsPerRequest: [0.95], medianCpuMs: 0.95 },
      ]),
    ).join('\n');
    expect(md).toContain('| GET /healthz | 0.950 (0.95–0.95) | +0.15 | ≤ +0.2 |');
    expect(md).not.toContain("The worker's own cold cost");
  });

  it("should give the worker's own cold cost: its first predict minus the R2-reading bare Worker's first POST", () => {
    const bareR2 = { variant: 'bare Worker, reads a POST body and R2', rounds: [start(9.5, 8.25)], median: start(9.5, 8.25) };
    const md = renderServeIsolateMd(
      isolateRecord([{ variant: 'bare Worker', route: 'GET / (bare)', requests: 80, cpuMsPerRequest: [0.8], medianCpuMs: 0.8 }], [bareR2]),
    ).join('\n');
    expect(md).toContain('| bare Worker, reads a POST body and R2 | 400 ms (CPU 300) | 15.0 ms (CPU 10.0) | 9.5 ms (CPU 8.3) | 19.5 ms (CPU 16.3) |');
    expect(md).toContain('each first predict minus the same first POST of the bare Worker that reads the body and R2');
    // 40 − 9.5 and 38 − 8.25 after a /healthz; 50 − 19.5 and 46 − 16.25 as the first request.
    expect(md).toContain('- edgefuse: after a first /healthz 30.5 ms wall (CPU 29.8); as the first request 30.5 ms wall (CPU 29.8)');
  });

  it("should split each cold predict by its log line's phases, the rest being the wall time they leave", () => {
    const phases = { decodeMs: 3, preprocessMs: 0, loadMs: 2.5, inferMs: 4.5 };
    const withPhases = { ...start(26), firstPredictPhases: phases, predictFirstPhases: { ...phases, decodeMs: 4 } };
    const record = isolateRecord([{ variant: 'bare Worker', route: 'GET / (bare)', requests: 80, cpuMsPerRequest: [0.8], medianCpuMs: 0.8 }]);
    const cold = [{ variant: 'edgefuse', rounds: [withPhases], median: withPhases }, { variant: 'bare Worker, reads a POST body', rounds: [start(4)], median: { ...start(4), firstPredictPhases: null } }];
    const md = renderServeIsolateMd({ ...record, result: { ...record.result, cold } }).join('\n');
    expect(md).toContain("Where those cold predicts went, from each one's own log line");
    // 26 − (3 + 0 + 2.5 + 4.5) after a /healthz; 36 − (4 + 0 + 2.5 + 4.5) as the first request.
    expect(md).toContain('- edgefuse: after a first /healthz: decode 3.0, preprocess 0.0, load 2.5, inference 4.5, the rest 16.0 of 26.0 ms; as the first request: decode 4.0, preprocess 0.0, load 2.5, inference 4.5, the rest 25.0 of 36.0 ms');
    expect(md).not.toContain('- bare Worker, reads a POST body: after');
  });

  it('should leave the phase lines out for a record without phases', () => {
    const md = renderServeIsolateMd(isolateRecord([{ variant: 'bare Worker', route: 'GET / (bare)', requests: 80, cpuMsPerRequest: [0.8], medianCpuMs: 0.8 }])).join('\n');
    expect(md).not.toContain('Where those cold predicts went');
  });
});
