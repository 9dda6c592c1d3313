import type { Rng } from '../train/create-rng';
import { shuffledIndices } from '../train/create-rng';

/**
 * Splits example indices into train and test, class by class: from each class's examples
 * (shuffled with `rng`) `round(fraction · n)` go to test, at least one when the class has two
 * or more, so every class is evaluated and trained. Returns sorted index lists.
 */
export function stratifiedSplit(targets: ArrayLike<number>, fraction: number, rng: Rng): { train: number[]; test: number[] } {
  const byClass = new Map<number, number[]>();
  for (let index = 0; index < targets.length; index++) {
    const label = targets[index] as number;
    byClass.set(label, [...(byClass.get(label) ?? []), index]);
  }
  const train: number[] = [];
  const test: number[] = [];
  for (const label of [...byClass.keys()].sort((a, b) => a - b)) {
    const members = byClass.get(label) ?? [];
    const order = shuffledIndices(members.length, rng);
    const testCount = members.length < 2 || fraction === 0 ? 0 : Math.max(1, Math.round(fraction * members.length));
    order.forEach((position, rank) => (rank < testCount ? test : train).push(members[position] as number));
  }
  return { train: train.sort((a, b) => a - b), test: test.sort((a, b) => a - b) };
}
