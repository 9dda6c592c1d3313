import type { ServingModel } from './serving-model';

/** Softmax of each row of `values` ([rows, classes], row-major), in float64, written as float32. */
function softmaxRows(values: Float32Array, rows: number, classes: number): Float32Array[] {
  return Array.from({ length: rows }, (_, row) => {
    const logits = values.subarray(row * classes, (row + 1) * classes);
    let max = -Infinity;
    for (const logit of logits) if (logit > max) max = logit;
    const exps = Array.from(logits, (logit) => Math.exp(logit - max));
    const sum = exps.reduce((total, value) => total + value, 0);
    return Float32Array.from(exps, (value) => value / sum);
  });
}

/**
 * `predictScores` (shared/model) for the request path: the preprocessed pixels as one batch (no
 * copy for a single image), one run of the model (its kernel chain, or its layers), and the
 * softmax of a few logits in JS instead of a kernel. Same scores within float32 rounding.
 */
export function scoreBatch(served: ServingModel, images: readonly Float32Array[]): Float32Array[] {
  const { height, width, channels } = served.manifest.input;
  const pixels = height * width * channels;
  images.forEach((image, index) => {
    if (image.length !== pixels) throw new RangeError(`image ${index} has ${image.length} values, model needs ${pixels}`);
  });
  const [only] = images;
  let batch: Float32Array; // [batch, h, w, c]
  if (images.length === 1 && only !== undefined) batch = only;
  else {
    batch = new Float32Array(images.length * pixels);
    images.forEach((image, index) => batch.set(image, index * pixels));
  }
  const values = served.predict(batch, images.length); // [batch, classes]
  const classes = values.length / images.length;
  if (served.manifest.output === 'logits') return softmaxRows(values, images.length, classes);
  return images.map((_, index) => values.slice(index * classes, (index + 1) * classes));
}
