/**
 * The `percent`-th percentile (0–100) of ascending `sorted` values with numpy's default method
 * (`np.percentile(..., method="linear")`, Hyndman & Fan type 7): position h = (n − 1)·percent/100,
 * result = x[⌊h⌋] + (h − ⌊h⌋)·(x[⌊h⌋+1] − x[⌊h⌋]).
 *
 * @example
 * percentileOfSorted([1, 2, 3, 4, 5], 10); // 1.4 (h = 0.4)
 */
export function percentileOfSorted(sorted: readonly number[], percent: number): number {
  if (sorted.length === 0) throw new RangeError('percentileOfSorted: no values');
  if (!(percent >= 0 && percent <= 100)) throw new RangeError(`percentileOfSorted: percent must be in [0, 100], got ${percent}`);
  const position = ((sorted.length - 1) * percent) / 100;
  const lowerIndex = Math.floor(position);
  const upperIndex = Math.min(lowerIndex + 1, sorted.length - 1);
  // Both indices are within [0, n − 1] by construction.
  const lower = sorted[lowerIndex] as number;
  const upper = sorted[upperIndex] as number;
  return lower + (position - lowerIndex) * (upper - lower);
}
