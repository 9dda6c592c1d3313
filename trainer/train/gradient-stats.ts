/** Global L2 norm of a set of gradients, and whether they and the loss are all finite. */
export interface GradientStats {
  /** √(Σ g²) over every value; NaN or Infinity when any value is. */
  norm: number;
  /** The loss and every value finite. */
  finite: boolean;
}

/**
 * One pass over the gradient values, summing squares in float64. Float32 values are below
 * 3.5e38, so their squares and sums stay finite in float64: the sum is finite exactly when
 * every value is, which makes it the finiteness check too.
 *
 * @example
 * gradientStats([new Float32Array([3, 4])], 0.5); // { norm: 5, finite: true }
 */
export function gradientStats(values: readonly Float32Array[], loss: number): GradientStats {
  let sumOfSquares = 0;
  for (const array of values) {
    for (let index = 0; index < array.length; index++) {
      const value = array[index] as number;
      sumOfSquares += value * value;
    }
  }
  const norm = Math.sqrt(sumOfSquares);
  return { norm, finite: Number.isFinite(norm) && Number.isFinite(loss) };
}
