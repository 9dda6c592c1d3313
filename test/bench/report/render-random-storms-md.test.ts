import { describe, expect, it } from 'vitest';
import type { BenchRecord } from '../../../bench/report/render-benchmarks-md';
import { renderRandomStormsMd } from '../../../bench/report/render-random-storms-md';

const machine = { cpu: 'Test CPU', cores: 2, memoryGiB: 24, node: 'v22.0.0' };

function record(name: string, clip: string, rows: Record<string, unknown>[]): BenchRecord {
  return { name, command: `npm run storm -- --clip ${clip}`, machine, measuredAt: '2026-12-02T08:00:00.000Z', result: { clip, rows } };
}

const base = { nonFiniteWeights: 0, skippedSteps: 0, clippedSteps: 0, rollbacks: 0, halted: null };

describe('renderRandomStormsMd', () => {
  it('should compare the clip modes by their storms against each mode\'s clean run', () => {
    const records = new Map([
      ['storm-random-global', record('storm-random-global', 'global', [
        { ...base, run: 'clean', inject: [], testAccuracy: 0.99 },
        { ...base, run: 'storm-1', inject: ['nan@50%:3'], testAccuracy: 0.9895, skippedSteps: 3 },
        { ...base, run: 'storm-2', inject: ['lr*1000@20%:30'], testAccuracy: 0.984, rollbacks: 2 },
        { ...base, run: 'storm-3', inject: ['grad*1e9@70%'], testAccuracy: null, nonFiniteWeights: null, halted: 'weights non-finite' },
      ])],
      ['storm-random-zclip', record('storm-random-zclip', 'zclip', [
        { ...base, run: 'clean', inject: [], testAccuracy: 0.991 },
        { ...base, run: 'storm-1', inject: ['nan@50%:3'], testAccuracy: 0.9912 },
      ])],
    ]);
    const md = renderRandomStormsMd(records).join('\n');
    expect(md).toContain('| global | 3 | 2 | 0 | 1 of 3 | -0.60 pt | -0.60 pt | 2 | 99.00% |');
    expect(md).toContain('| zclip | 1 | 1 | 0 | 1 of 1 | +0.02 pt | +0.02 pt | 0 | 99.10% |');
    expect(md).toContain('| storm-2 | `lr*1000@20%:30` | 98.40% | -0.60 pt | 0 | 0 | 0 | 2 |  |');
    expect(md).toContain('| storm-3 | `grad*1e9@70%` | – | – | – | 0 | 0 | 0 | halted: weights non-finite |');
    expect(md.indexOf('### --clip global')).toBeLessThan(md.indexOf('### --clip zclip'));
  });

  it('should render a custom storm on its own and nothing when no storm was measured', () => {
    const custom = new Map([['storm-custom-global', record('storm-custom-global', 'global', [
      { ...base, run: 'clean', inject: [], testAccuracy: 0.994 },
      { ...base, run: 'fuses', inject: ['nan@55%:3', 'labelflip=0.5@80%:200'], testAccuracy: 0.9941, skippedSteps: 3 },
    ])]]);
    const md = renderRandomStormsMd(custom).join('\n');
    expect(md).toContain('## A storm of your own (--clip global)');
    expect(md).toContain('| fuses | `nan@55%:3` `labelflip=0.5@80%:200` | 99.41% | +0.01 pt | 0 | 3 | 0 | 0 |  |');
    expect(md).not.toContain('Random storms per clip mode');
    expect(renderRandomStormsMd(new Map())).toEqual([]);
  });
});
