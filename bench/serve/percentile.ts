/**
 * The nearest-rank percentile of `sortedAscending`: the smallest value such that at least
 * `percent`% of the values are less than or equal to it (p50 of [1, 2, 3, 4] is 2; p99 of
 * 100 values is the 99th). `undefined` for an empty list: there is no latency to report.
 */
export function percentile(sortedAscending: readonly number[], percent: number): number | undefined {
  if (!(percent > 0 && percent <= 100)) throw new RangeError(`percent must be in (0, 100], got ${percent}`);
  if (sortedAscending.length === 0) return undefined;
  const rank = Math.ceil((percent / 100) * sortedAscending.length);
  return sortedAscending[rank - 1];
}
