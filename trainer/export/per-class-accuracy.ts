/**
 * Top-1 accuracy per class: of the examples whose target is class `c`, the fraction predicted
 * as `c`. A class without examples gets 0.
 */
export function perClassAccuracy(targets: ArrayLike<number>, predictions: ArrayLike<number>, numClasses: number): number[] {
  if (targets.length !== predictions.length) {
    throw new RangeError(`perClassAccuracy: ${targets.length} targets but ${predictions.length} predictions`);
  }
  const seen = new Array<number>(numClasses).fill(0);
  const correct = new Array<number>(numClasses).fill(0);
  for (let index = 0; index < targets.length; index++) {
    const target = targets[index] ?? -1;
    if (target < 0 || target >= numClasses) continue;
    seen[target] = (seen[target] ?? 0) + 1;
    if (predictions[index] === target) correct[target] = (correct[target] ?? 0) + 1;
  }
  return seen.map((count, cls) => (count === 0 ? 0 : (correct[cls] ?? 0) / count));
}
