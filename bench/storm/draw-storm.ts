import { createRng, shuffledIndices } from '../../trainer/train/create-rng';
import type { Rng } from '../../trainer/train/create-rng';

/**
 * The distribution random storms are drawn from (`npm run storm -- --storms N --storm-seed S`).
 * Every fault is an `--inject` spec, so any drawn storm replays with `--inject`.
 *
 * | what | distribution |
 * | --- | --- |
 * | faults per storm | 3–6, uniform; the first five are one of each kind in a shuffled order, so every storm of 5+ faults has every kind |
 * | kind | `lr`, `grad`, `pixels`, `nan`, `labelflip` |
 * | start | uniform over 5–95% of the run (overlaps allowed) |
 * | `lr*k` | k log-uniform in [10, 10⁴], for 5–100 steps (log-uniform) |
 * | `grad*k` | k log-uniform in [10³, 10¹⁵], one step |
 * | `pixels*k` | k log-uniform in [10³, 10¹⁵], one batch |
 * | `nan` | a streak of 1–10 batches, uniform |
 * | `labelflip=f` | f uniform in [0.1, 0.7], for 10–400 steps (log-uniform) |
 */
export const STORM_DISTRIBUTION = {
  faults: [3, 6],
  startPercent: [5, 95],
  lrFactor: [1e1, 1e4],
  lrSteps: [5, 100],
  gradFactor: [1e3, 1e15],
  pixelFactor: [1e3, 1e15],
  nanSteps: [1, 10],
  flipFraction: [0.1, 0.7],
  flipSteps: [10, 400],
} as const;

/** The fault kinds a storm draws from (every `--inject` kind). */
export const STORM_FAULT_KINDS = ['lr', 'grad', 'pixels', 'nan', 'labelflip'] as const;

type Range = readonly [number, number];

function uniform(rng: Rng, [low, high]: Range): number {
  return low + (high - low) * rng();
}

function logUniform(rng: Rng, [low, high]: Range): number {
  return Math.exp(uniform(rng, [Math.log(low), Math.log(high)]));
}

function integer(rng: Rng, [low, high]: Range): number {
  return Math.min(high, Math.floor(uniform(rng, [low, high + 1])));
}

/** `1e6` for powers of ten above 1000, else the number with three significant digits. */
function factorText(value: number): string {
  return value >= 1000 ? value.toExponential(1).replace('.0e+', 'e').replace('e+', 'e') : String(Number(value.toPrecision(3)));
}

function oneFault(kind: (typeof STORM_FAULT_KINDS)[number], rng: Rng): string {
  const d = STORM_DISTRIBUTION;
  const at = `@${uniform(rng, d.startPercent).toFixed(1)}%`;
  switch (kind) {
    case 'lr':
      return `lr*${factorText(logUniform(rng, d.lrFactor))}${at}:${Math.round(logUniform(rng, d.lrSteps))}`;
    case 'grad':
      return `grad*${factorText(logUniform(rng, d.gradFactor))}${at}`;
    case 'pixels':
      return `pixels*${factorText(logUniform(rng, d.pixelFactor))}${at}`;
    case 'nan': {
      const steps = integer(rng, d.nanSteps);
      return steps === 1 ? `nan${at}` : `nan${at}:${steps}`;
    }
    case 'labelflip':
      return `labelflip=${uniform(rng, d.flipFraction).toFixed(2)}${at}:${Math.round(logUniform(rng, d.flipSteps))}`;
  }
}

/**
 * Draws `count` storms from `STORM_DISTRIBUTION` with the seeded RNG `seed`: each storm is a
 * list of `--inject` specs. The same seed draws the same storms.
 *
 * @example
 * drawStorms(2, 7); // [['nan@61.3%:4', 'lr*312@18.0%:9', …], […]]
 */
export function drawStorms(count: number, seed: number): string[][] {
  const rng = createRng(seed ^ 0x57041);
  const kindCount = STORM_FAULT_KINDS.length;
  const kindAt = (index: number) => STORM_FAULT_KINDS[index % kindCount] ?? 'lr'; // index % kindCount is in range
  return Array.from({ length: count }, () => {
    const faults = integer(rng, STORM_DISTRIBUTION.faults);
    const kinds = shuffledIndices(kindCount, rng);
    return Array.from({ length: faults }, (_, index) => oneFault(kindAt(kinds[index] ?? integer(rng, [0, kindCount - 1])), rng));
  });
}
