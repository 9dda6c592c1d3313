import { provenance, table } from './markdown';
import type { BenchRecord } from './render-benchmarks-md';

type Row = Record<string, unknown>;

/** The clip modes compared over random storms, in the order the comparison lists them. */
export const STORM_CLIP_MODES = ['global', 'zclip', 'autoclip', 'agc'] as const;

const pct = (value: unknown): string => (typeof value === 'number' ? `${(value * 100).toFixed(2)}%` : '–');
const num = (value: unknown): string => (typeof value === 'number' && Number.isFinite(value) ? value.toFixed(0) : '–');


function rowsOf(record: BenchRecord): Row[] {
  const rows = record.result.rows;
  return Array.isArray(rows) ? (rows as Row[]) : [];
}

/** Test accuracy minus the clean run's, in points (null when either is missing). */
function gapPoints(row: Row, clean: number | null): number | null {
  return typeof row.testAccuracy === 'number' && clean !== null ? (row.testAccuracy - clean) * 100 : null;
}

const points = (gap: number | null): string => (gap === null ? '–' : `${gap >= 0 ? '+' : ''}${gap.toFixed(2)} pt`);

function cleanAccuracy(rows: readonly Row[]): number | null {
  const clean = rows.find((row) => row.run === 'clean')?.testAccuracy;
  return typeof clean === 'number' ? clean : null;
}

/** One line per clip mode: how its storms ended against its own clean run. */
function comparison(records: readonly BenchRecord[]): string {
  return table(
    ['clip', 'storms', 'completed', 'non-finite weights', 'within 0.3 pt', 'worst vs clean', 'median vs clean', 'rollbacks', 'clean'],
    records.map((record) => {
      const rows = rowsOf(record);
      const clean = cleanAccuracy(rows);
      const storms = rows.filter((row) => row.run !== 'clean' && !String(row.run).endsWith('/no-fuses'));
      const gaps = storms.map((row) => gapPoints(row, clean)).filter((gap): gap is number => gap !== null).sort((a, b) => a - b);
      const median = gaps.length === 0 ? null : gaps[Math.floor((gaps.length - 1) / 2)] ?? null;
      return [
        String(record.result.clip),
        String(storms.length),
        String(storms.filter((row) => row.halted === null || row.halted === undefined).length),
        String(storms.reduce((sum, row) => sum + (typeof row.nonFiniteWeights === 'number' ? row.nonFiniteWeights : 0), 0)),
        `${gaps.filter((gap) => gap >= -0.3).length} of ${storms.length}`,
        points(gaps[0] ?? null),
        points(median),
        String(storms.reduce((sum, row) => sum + (typeof row.rollbacks === 'number' ? row.rollbacks : 0), 0)),
        pct(clean),
      ];
    }),
  );
}

/** Every run of one record: its faults, accuracy against clean, and what the fuses did. */
function detail(record: BenchRecord): string {
  const rows = rowsOf(record);
  const clean = cleanAccuracy(rows);
  return table(
    ['run', 'faults (--inject)', 'test accuracy', 'vs clean', 'non-finite w', 'skipped', 'clipped', 'rollbacks', 'note'],
    rows.map((row) => [
      String(row.run),
      Array.isArray(row.inject) && row.inject.length > 0 ? row.inject.map((spec) => `\`${String(spec)}\``).join(' ') : '–',
      pct(row.testAccuracy),
      row.run === 'clean' ? '' : points(gapPoints(row, clean)),
      num(row.nonFiniteWeights), num(row.skippedSteps), num(row.clippedSteps), num(row.rollbacks),
      typeof row.halted === 'string' ? `halted: ${row.halted}` : '',
    ]),
  );
}


/**
 * BENCHMARKS.md's random-storm section (`storm-random-<clip>.json`: a comparison of the clip
 * modes, then each mode's storms) and custom storms (`storm-custom-<clip>.json`, e.g. the storm
 * issue 15 quoted). Empty when none was measured.
 */
export function renderRandomStormsMd(records: ReadonlyMap<string, BenchRecord>): string[] {
  const random = STORM_CLIP_MODES.map((clip) => records.get(`storm-random-${clip}`)).filter((record): record is BenchRecord => record !== undefined);
  const custom = STORM_CLIP_MODES.map((clip) => records.get(`storm-custom-${clip}`)).filter((record): record is BenchRecord => record !== undefined);
  const parts: string[] = [];
  if (random.length > 0) {
    parts.push(
      '## Random storms per clip mode',
      '',
      'Each storm draws several faults from bench/storm/draw-storm.ts (every injector, start 5–95% of the run, LR ×10–×10⁴, ' +
        'gradient and pixel factors 1e3–1e15, NaN streaks of 1–10 batches, label flips of 10–70% for 10–400 steps), ' +
        'on the default MNIST config with only `--clip` changed. "vs clean" is against that mode\'s own clean run.',
      '',
      comparison(random),
      '',
    );
    for (const record of random) parts.push(`### --clip ${String(record.result.clip)}`, '', detail(record), '', provenance(record), '');
  }
  for (const record of custom) {
    parts.push(`## A storm of your own (--clip ${String(record.result.clip)})`, '', detail(record), '', provenance(record), '');
  }
  return parts;
}
