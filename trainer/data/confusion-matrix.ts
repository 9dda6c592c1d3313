/**
 * Counts of (true class, predicted class) pairs: `counts[truth][predicted]`.
 */
export function confusionMatrix(targets: ArrayLike<number>, predictions: ArrayLike<number>, numClasses: number): number[][] {
  const counts = Array.from({ length: numClasses }, () => new Array<number>(numClasses).fill(0));
  for (let index = 0; index < targets.length; index++) {
    const row = counts[targets[index] as number];
    const predicted = predictions[index] as number;
    if (row !== undefined && predicted >= 0 && predicted < numClasses) row[predicted] = (row[predicted] ?? 0) + 1;
  }
  return counts;
}
