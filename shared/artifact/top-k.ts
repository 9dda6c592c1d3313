/**
 * One ranked prediction for one input: the label name, its softmax score and its class index.
 */
export interface Prediction {
  label: string;
  score: number;
  index: number;
}

/**
 * The `k` highest scores of one input, best first; ties keep the lower class index first.
 *
 * @example
 * topK(new Float32Array([0.1, 0.7, 0.2]), ['a', 'b', 'c'], 2);
 * // [{ label: 'b', score: 0.7, index: 1 }, { label: 'c', score: 0.2, index: 2 }]
 */
export function topK(scores: ArrayLike<number>, labels: readonly string[], k: number): Prediction[] {
  if (scores.length !== labels.length) {
    throw new RangeError(`topK: ${scores.length} scores but ${labels.length} labels`);
  }
  const order = Array.from({ length: scores.length }, (_, index) => index);
  order.sort((a, b) => (scores[b] ?? 0) - (scores[a] ?? 0) || a - b);
  return order.slice(0, Math.max(0, Math.min(k, order.length))).map((index) => ({
    label: labels[index] ?? String(index),
    score: scores[index] ?? 0,
    index,
  }));
}
