/**
 * Fractions of each end of [min, max] tried when shrinking the range (1 = keep the end): fine
 * steps near 1, where trained weights' optimum usually is, then coarse ones for heavy tails.
 */
const SHRINK_STEPS = [...Array.from({ length: 21 }, (_, index) => 1 - index * 0.03), 0.35, 0.3, 0.25, 0.2, 0.15, 0.1, 0.07, 0.05];

/**
 * Squared error of affine quantization over [low, high] with `quantMax + 1` levels, computed as
 * `quantizeAffine` encodes (zero nudged onto a code when the range holds it, values clipped).
 */
export function affineQuantizationError(values: Float32Array, low: number, high: number, quantMax: number): number {
  if (high <= low) {
    let error = 0;
    for (let index = 0; index < values.length; index++) error += ((values[index] ?? 0) - low) ** 2;
    return error;
  }
  const scale = (high - low) / quantMax;
  let min = low;
  let max = high;
  if (low <= 0 && high >= 0) {
    min = -Math.round(-low / scale) * scale;
    max = quantMax * scale + min;
  }
  let error = 0;
  // Every value counts: a subsample could miss the very outliers a clipped range mistreats.
  for (let index = 0; index < values.length; index++) {
    const value = values[index] ?? 0;
    const clipped = value < min ? min : value > max ? max : value;
    const code = Math.min(quantMax, Math.max(0, Math.round((clipped - min) / scale)));
    error += (code * scale + min - value) ** 2;
  }
  return error;
}

/** Histogram bins over [min, max] that `mseRange` scores candidate ranges on. */
const HISTOGRAM_BINS = 8192;

/**
 * The range to quantize `values` over that minimizes the squared quantization error, instead of
 * [min, max]: a few outlier weights otherwise stretch the step of every other weight. Each end
 * is shrunk toward zero (or, for a range that does not hold zero, kept) over a 29 × 29 grid,
 * down to 5% of its extent; the outliers beyond the chosen range are clipped to it. Candidates
 * are scored on an 8192-bin histogram (every value counts, outliers included): values inside the
 * range cost the rounding error of a uniform step, `scale² / 12`, values outside their distance
 * to the range. Returns [min, max] itself when nothing beats it, so this is never worse than
 * min/max by that measure.
 *
 * @example
 * mseRange(Float32Array.of(-0.1, 0, 0.05, 0.1, 3), 255); // { min: -0.1, max: 3 }: too few values to pay for clipping
 */
export function mseRange(values: Float32Array, quantMax: number): { min: number; max: number } {
  let low = Infinity;
  let high = -Infinity;
  for (const value of values) {
    if (value < low) low = value;
    if (value > high) high = value;
  }
  if (!(low < high)) return { min: low, max: high };
  const binWidth = (high - low) / HISTOGRAM_BINS;
  const counts = new Float64Array(HISTOGRAM_BINS);
  const sums = new Float64Array(HISTOGRAM_BINS);
  for (const value of values) {
    const bin = Math.min(HISTOGRAM_BINS - 1, Math.floor((value - low) / binWidth));
    counts[bin] = (counts[bin] ?? 0) + 1;
    sums[bin] = (sums[bin] ?? 0) + value;
  }
  const score = (min: number, max: number): number => {
    const step = (max - min) / quantMax;
    const rounding = (step * step) / 12;
    let error = 0;
    for (let bin = 0; bin < HISTOGRAM_BINS; bin++) {
      const count = counts[bin] ?? 0;
      if (count === 0) continue;
      const center = (sums[bin] ?? 0) / count; // the mean of the bin's values
      error += count * (center < min ? (min - center) ** 2 : center > max ? (center - max) ** 2 : rounding);
    }
    return error;
  };
  let best = { min: low, max: high };
  let bestError = score(low, high);
  for (const lowFraction of SHRINK_STEPS) {
    const min = low < 0 ? low * lowFraction : low;
    for (const highFraction of SHRINK_STEPS) {
      const max = high > 0 ? high * highFraction : high;
      if (max <= min) continue;
      const error = score(min, max);
      if (error < bestError) {
        bestError = error;
        best = { min, max };
      }
    }
  }
  return best;
}
