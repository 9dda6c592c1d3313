/** A seeded generator of floats in [0, 1) (e.g. `createRng(seed)` from trainer/train). */
export type RandomSource = () => number;

/**
 * A copy of a batch's class indices with `round(fraction · batch)` of them, chosen uniformly
 * without replacement, replaced by a uniformly random *different* class. Draws from `random` in a
 * fixed order (per flip: one draw for the position, by a partial Fisher–Yates shuffle, then one for
 * the new class), so a seeded source gives the same flips every run.
 *
 * @example
 * flipLabels(labels, 10, 0.2, createRng(seed)); // 20% of the labels changed
 */
export function flipLabels(labels: Uint8Array, numClasses: number, fraction: number, random: RandomSource): Uint8Array {
  if (!(fraction >= 0 && fraction <= 1)) throw new RangeError(`flipLabels: fraction must be in [0, 1], got ${fraction}`);
  if (!Number.isInteger(numClasses) || numClasses < 2 || numClasses > 256) {
    throw new RangeError(`flipLabels: numClasses must be an integer in [2, 256], got ${numClasses}`);
  }
  const flipped = new Uint8Array(labels);
  const flipCount = Math.round(fraction * labels.length);
  const positions = Array.from({ length: labels.length }, (_, index) => index);
  for (let chosen = 0; chosen < flipCount; chosen++) {
    // Partial Fisher–Yates: positions[0 … chosen) are the picks so far.
    const pick = chosen + Math.floor(random() * (labels.length - chosen));
    const position = positions[pick] as number;
    positions[pick] = positions[chosen] as number;
    positions[chosen] = position;
    const original = flipped[position] as number;
    if (original >= numClasses) throw new RangeError(`flipLabels: label ${original} at ${position} is not below numClasses ${numClasses}`);
    // Adding 1 … numClasses−1 modulo numClasses never lands on the original class.
    flipped[position] = (original + 1 + Math.floor(random() * (numClasses - 1))) % numClasses;
  }
  return flipped;
}
