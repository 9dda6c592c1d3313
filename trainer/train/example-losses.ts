/**
 * Per-example softmax cross-entropy of `logits` `[rows, classes]` against one-hot `targets`,
 * smoothed towards uniform by `smoothing` (the training loss, one value per example).
 */
export function exampleLosses(logits: Float32Array, targets: Float32Array, classes: number, smoothing: number): Float64Array {
  const rows = logits.length / classes;
  const losses = new Float64Array(rows);
  for (let row = 0; row < rows; row++) {
    const offset = row * classes;
    let max = -Infinity;
    for (let c = 0; c < classes; c++) max = Math.max(max, logits[offset + c] ?? -Infinity);
    let sum = 0;
    for (let c = 0; c < classes; c++) sum += Math.exp((logits[offset + c] ?? 0) - max);
    const logSumExp = max + Math.log(sum);
    let loss = 0;
    for (let c = 0; c < classes; c++) {
      const target = (targets[offset + c] ?? 0) * (1 - smoothing) + smoothing / classes;
      loss += target * (logSumExp - (logits[offset + c] ?? 0));
    }
    losses[row] = loss;
  }
  return losses;
}
