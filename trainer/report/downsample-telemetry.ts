import { eventKindOf } from './event-kind-of';
import type { TelemetryRow } from './report-html-input';

/** Rows the report's charts show at most; longer runs are downsampled (see `downsampleTelemetry`). */
export const REPORT_MAX_CHART_ROWS = 5000;

/** Steps that must survive downsampling, grouped by kind (e.g. the chart's event markers). */
export interface KeptStepGroup {
  kind: string;
  steps: readonly number[];
}

/** How to downsample. */
export interface DownsampleOptions {
  /** Most rows returned. Default `REPORT_MAX_CHART_ROWS`; at least 8. */
  maxRows?: number;
  /** Event steps to keep; see `downsampleTelemetry` for what happens when they do not fit. */
  keepSteps?: readonly KeptStepGroup[];
}

/** Per bucket: the rows with the smallest and largest loss and pre-clip grad norm. */
const ROWS_PER_BUCKET = 4;

/**
 * Thins telemetry for display to at most `maxRows` rows, in step order, without hiding spikes.
 *
 * - Up to `maxRows` rows: returned unchanged (a copy).
 * - Always kept: the first and last row, skipped rows, rows with an `event`, and rows whose step is
 *   in `keepSteps`. These may take at most half of `maxRows`; if they do not fit, whole kinds are
 *   admitted rarest first (so a per-step `clip` cannot crowd out a one-off `rollback`) and the
 *   rest compete like ordinary rows. Event markers are drawn from the event list, not from these
 *   rows, so every event stays marked at its exact step either way.
 * - The rest: the step range is cut into equal buckets of rows; each keeps its rows with the
 *   minimum and maximum loss and the minimum and maximum pre-clip grad norm (non-null values
 *   only; the bucket's first row when all are null). So the global extremes always survive, and
 *   a one-step spike looks as tall as in the full data. Where those extremes coincide, the buckets
 *   are made finer (a few passes) so the output still comes close to `maxRows`.
 */
export function downsampleTelemetry(rows: readonly TelemetryRow[], options: DownsampleOptions = {}): TelemetryRow[] {
  const maxRows = options.maxRows ?? REPORT_MAX_CHART_ROWS;
  if (!Number.isInteger(maxRows) || maxRows < 8) {
    throw new Error(`downsampleTelemetry: maxRows must be an integer ≥ 8, got ${maxRows}`);
  }
  if (rows.length <= maxRows) return [...rows];

  const kept = new Set<number>([0, rows.length - 1]); // row indices
  for (const group of mandatoryGroups(rows, options.keepSteps ?? [])) {
    if (kept.size + group.length > Math.floor(maxRows / 2)) break;
    for (const index of group) kept.add(index);
  }

  // A bucket gives fewer than 4 rows when its extremes coincide (loss and grad norm often peak
  // together), so refine the buckets while that leaves much of the budget unused.
  const budget = maxRows - kept.size;
  let buckets = Math.floor(budget / ROWS_PER_BUCKET);
  let picked = pickBucketExtremes(rows, kept, buckets);
  for (let pass = 0; pass < 3 && picked.size < budget * 0.9 && buckets < rows.length; pass++) {
    buckets = Math.min(rows.length, Math.floor((buckets * budget * 0.97) / Math.max(1, picked.size)));
    const finer = pickBucketExtremes(rows, kept, buckets);
    if (finer.size > budget) break;
    picked = finer;
  }
  return [...kept, ...picked]
    .sort((a, b) => a - b)
    .flatMap((index) => {
      const row = rows[index];
      return row === undefined ? [] : [row];
    });
}

/** Indices of the extreme rows of each of `buckets` equal index ranges, ignoring `kept` rows. */
function pickBucketExtremes(rows: readonly TelemetryRow[], kept: ReadonlySet<number>, buckets: number): Set<number> {
  const picked = new Set<number>();
  for (let bucket = 0; bucket < buckets; bucket++) {
    const start = Math.floor((bucket * rows.length) / buckets);
    const end = Math.floor(((bucket + 1) * rows.length) / buckets);
    const candidates: number[] = [];
    for (let index = start; index < end; index++) if (!kept.has(index)) candidates.push(index);
    const extremes = [
      ...extremeIndices(rows, candidates, (row) => row.loss),
      ...extremeIndices(rows, candidates, (row) => row.gradNorm),
    ];
    const first = candidates[0];
    if (extremes.length === 0 && first !== undefined) extremes.push(first);
    for (const index of extremes) picked.add(index);
  }
  return picked;
}

/** Row indices that must be kept, one group per kind, smallest group first. */
function mandatoryGroups(rows: readonly TelemetryRow[], keepSteps: readonly KeptStepGroup[]): number[][] {
  const indicesByStep = new Map<number, number[]>();
  rows.forEach((row, index) => {
    const indices = indicesByStep.get(row.step) ?? [];
    indices.push(index);
    indicesByStep.set(row.step, indices);
  });
  const groups = new Map<string, Set<number>>();
  const add = (kind: string, index: number): void => {
    groups.set(kind, (groups.get(kind) ?? new Set<number>()).add(index));
  };
  for (const group of keepSteps) {
    for (const step of group.steps) for (const index of indicesByStep.get(step) ?? []) add(group.kind, index);
  }
  rows.forEach((row, index) => {
    if (row.event !== undefined) add(eventKindOf(row.event), index);
    else if (row.skipped) add('skip', index);
  });
  return [...groups.values()].map((indices) => [...indices]).sort((a, b) => a.length - b.length);
}

/** Indices (among `candidates`) of the smallest and the largest non-null value, deduplicated. */
function extremeIndices(
  rows: readonly TelemetryRow[],
  candidates: readonly number[],
  valueOf: (row: TelemetryRow) => number | null,
): number[] {
  let minIndex = -1;
  let maxIndex = -1;
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const index of candidates) {
    const row = rows[index];
    const value = row === undefined ? null : valueOf(row);
    if (value === null || !Number.isFinite(value)) continue;
    if (value < min) [min, minIndex] = [value, index];
    if (value > max) [max, maxIndex] = [value, index];
  }
  if (minIndex === -1) return [];
  return minIndex === maxIndex ? [minIndex] : [minIndex, maxIndex];
}
