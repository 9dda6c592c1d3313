import { describe, expect, it } from 'vitest';
import { renderBenchmarksMd } from '../../../bench/report/render-benchmarks-md';
import type { BenchRecord } from '../../../bench/report/render-benchmarks-md';

const machine = { cpu: 'Test CPU', cores: 2, memoryGiB: 24, node: 'v22.0.0' };

function record(name: string, result: Record<string, unknown>): BenchRecord {
  return { name, command: `npm run bench:${name}`, machine, measuredAt: '2026-11-28T08:00:00.000Z', result };
}

describe('renderBenchmarksMd', () => {
  it('should render each result as a table with its machine and command', () => {
    const records = new Map([
      ['train', record('train', { model: 'cnn-3conv', batchSize: 64, rows: [{ backend: 'wasm', samplesPerSecond: 2056.84, gflops: 10.2, ratioToCpu: 249.1 }] })],
      ['storm', record('storm', { rows: [{ run: 'fuses', testAccuracy: 0.9931, nonFiniteWeights: 0, skippedSteps: 4, clippedSteps: 8, rollbacks: 3, wallSeconds: 142.2 }] })],
    ]);
    const md = renderBenchmarksMd(records, { testAccuracy: 0.9935, epochs: 5, steps: 4685, samplesPerSecond: 2150, wallSeconds: 148.2, backend: 'wasm', artifactBytes: 31913, config: { model: 'cnn-3conv' }, createdAt: 'x' });
    expect(md).toContain('| wasm | 2056.8 | 10.20 | 249.1 | – |');
    expect(md).toContain('| fuses | 99.31% | 0 | 4 | 8 | 3 | 142 |');
    expect(md).toContain('| cnn-3conv | 99.35% | 5 | 4685 | 2150 | 148.2 s | wasm | 31.2 KB |');
    expect(md).toContain('2× Test CPU, 24 GiB, Node v22.0.0. Reproduce: `npm run bench:train`.');
  });

  it('should render the torch peer row with its version and the edgefuse wasm / torch ratio', () => {
    const rows = [
      { backend: 'wasm', samplesPerSecond: 7400, gflops: 12.5, ratioToCpu: null, threads: 2 },
      { backend: 'wasm --no-fuses', samplesPerSecond: 7900, gflops: 13.3, ratioToCpu: null, threads: 2 },
      { backend: 'torch', samplesPerSecond: 6905.04, gflops: 11.66, ratioToCpu: null, threads: 2, torchVersion: '1.13.0a0' },
    ];
    const md = renderBenchmarksMd(new Map([['train', record('train', { model: 'cnn-small', batchSize: 64, threads: 2, rows })]]), undefined);
    expect(md).toContain('| backend | samples/s | GFLOP/s | × tfjs cpu | threads |');
    expect(md).toContain('| wasm | 7400.0 | 12.50 | – | 2 |');
    expect(md).toContain('| torch (PyTorch 1.13.0a0) | 6905.0 | 11.66 | – | 2 |');
    expect(md).toContain('edgefuse wasm / torch (2 threads): 1.07×.');
  });

  it('should show where an edgefuse step goes, from the rows that recorded it', () => {
    const stepMs = { total: 8.64, batch: 0.3, gradients: 8.1, guards: 0.02, update: 0.21, bookkeeping: 0.02, detail: { shard: 6.64, wait: 0.95, 'helpers busy': 6.61, average: 0.35 } };
    const rows = [
      { backend: 'wasm', samplesPerSecond: 7406, gflops: 31.4, ratioToCpu: null, threads: 2, stepMs },
      { backend: 'torch', samplesPerSecond: 5630, gflops: 23.9, ratioToCpu: null, threads: 2, torchVersion: '1.13.0a0' },
    ];
    const md = renderBenchmarksMd(new Map([['train', record('train', { model: 'cnn-small', batchSize: 64, threads: 2, rows })]]), undefined);
    expect(md).toContain('| backend | step | batch | shard | waiting for helpers | averaging | guards | update |');
    expect(md).toContain('| wasm | 8.64 | 0.30 | 6.64 | 0.95 | 0.35 | 0.02 | 0.21 |');
    expect(md).not.toContain('| torch | ');
  });

  it('should leave out the ratio line without a torch row', () => {
    const rows = [{ backend: 'wasm', samplesPerSecond: 7400, gflops: 12.5, ratioToCpu: 30, threads: 2 }];
    const md = renderBenchmarksMd(new Map([['train', record('train', { model: 'cnn-small', batchSize: 64, rows })]]), undefined);
    expect(md).toContain('| wasm | 7400.0 | 12.50 | 30.0 | 2 |');
    expect(md).not.toContain('/ torch');
  });

  it('should name the machine\'s load where the result recorded it', () => {
    const busy = { ...record('artifacts', { rows: [] }), machine: { ...machine, loadAverage: 3.714 } };
    const md = renderBenchmarksMd(new Map([['artifacts', busy]]), undefined);
    expect(md).toContain('Node v22.0.0, load average 3.7. Reproduce: `npm run bench:artifacts`.');
  });

  it('should say how to produce a missing result', () => {
    const md = renderBenchmarksMd(new Map(), undefined);
    expect(md).toContain('_No result yet: run `npm run bench:serve` (writes bench-results/serve.json)._');
    expect(md).toContain('_No models/mnist/report.json._');
  });
});
