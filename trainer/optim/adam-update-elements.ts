/** Attributes of one fused Adam update (see `createAdam` for how they are derived). */
export interface AdamUpdateAttrs {
  beta1: number;
  beta2: number;
  /** lr·√(1 − β2ᵗ)/(1 − β1ᵗ): the bias corrections folded into the step. */
  stepSize: number;
  /** ε·√(1 − β2ᵗ): epsilon on the scale of the uncorrected √v. */
  epsilonHat: number;
}

/**
 * One Adam update of every element, written to the `next*` arrays (which may alias the inputs):
 * m' = β1·m + (1 − β1)·g, v' = β2·v + (1 − β2)·g², θ' = θ − (m'/(√v' + ε̂))·stepSize.
 *
 * Each operation is rounded to float32 (`Math.fround`) in the order the op-based path of
 * `createAdam` runs its float32 tensor ops, and float32 +, −, ×, ÷ and √ are correctly rounded on
 * every backend, so the results equal that path's bit for bit.
 */
export function adamUpdateElements(
  param: Float32Array, firstMoment: Float32Array, secondMoment: Float32Array, grad: Float32Array,
  attrs: AdamUpdateAttrs,
  nextParam: Float32Array, nextFirstMoment: Float32Array, nextSecondMoment: Float32Array,
): void {
  const fround = Math.fround;
  // The op path multiplies by float32 scalar tensors.
  const beta1 = fround(attrs.beta1);
  const oneMinusBeta1 = fround(1 - attrs.beta1);
  const beta2 = fround(attrs.beta2);
  const oneMinusBeta2 = fround(1 - attrs.beta2);
  const stepSize = fround(attrs.stepSize);
  const epsilonHat = fround(attrs.epsilonHat);
  const size = param.length;
  for (let i = 0; i < size; i++) {
    // In bounds: every array holds `size` elements (checked by the kernels).
    const g = grad[i]!;
    const m = fround(fround(firstMoment[i]! * beta1) + fround(g * oneMinusBeta1));
    const v = fround(fround(secondMoment[i]! * beta2) + fround(fround(g * g) * oneMinusBeta2));
    const step = fround(fround(m / fround(fround(Math.sqrt(v)) + epsilonHat)) * stepSize);
    nextFirstMoment[i] = m;
    nextSecondMoment[i] = v;
    nextParam[i] = param[i]! - step;
  }
}
