import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import type { ServedModel } from '../../shared/model';

/**
 * The model's output for `input`. A `Sequential` model runs as its chain of `layer.call`s in one
 * `tidy`: the same kernels `predict` runs, without its per-call batching (slice, concat) and
 * symbolic checks per layer, which cost more than the arithmetic of a small model. Any other
 * graph goes through `predict`.
 */
function runModel(model: tfl.LayersModel, input: tf.Tensor4D): tf.Tensor | tf.Tensor[] {
  if (!(model instanceof tfl.Sequential)) return model.predict(input);
  return tf.tidy(() => {
    let output: tf.Tensor | tf.Tensor[] = input;
    for (const layer of model.layers) {
      if (layer.getClassName() === 'InputLayer') continue;
      const result = layer.call(output, {});
      // A nested model (Teachable Machine's backbone) answers a list of its one output, as predict would unwrap.
      output = Array.isArray(result) && result.length === 1 && result[0] !== undefined ? result[0] : result;
    }
    return output;
  });
}

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
 * `predictScores` (shared/model) for the request path, with the fewest tfjs calls: one input
 * tensor over the preprocessed pixels (no copy for a single image), one run of the layers, one
 * synchronous read of the output (the wasm backend computes on this thread anyway), and the
 * softmax of a few logits in JS instead of a kernel. Same scores within float32 rounding.
 */
export function scoreBatch(served: ServedModel, images: readonly Float32Array[]): Float32Array[] {
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
  const input = tf.tensor4d(batch, [images.length, height, width, channels]);
  let output: tf.Tensor | tf.Tensor[];
  try {
    output = runModel(served.model, input);
  } finally {
    input.dispose();
  }
  if (Array.isArray(output)) {
    tf.dispose(output);
    throw new Error(`${served.origin}: the model has ${output.length} outputs; a classifier has one`);
  }
  const classes = output.shape[1] ?? 0;
  const values = output.dataSync<'float32'>(); // [batch, classes]
  output.dispose();
  if (served.manifest.output === 'logits') return softmaxRows(values, images.length, classes);
  return images.map((_, index) => values.slice(index * classes, (index + 1) * classes));
}
