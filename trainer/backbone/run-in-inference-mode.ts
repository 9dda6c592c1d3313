import type * as tfl from '@tensorflow/tfjs-layers';

/** Marks layers already patched, so patching twice is a no-op. */
const PATCHED = Symbol.for('edgefuse.inferenceMode');

type Layer = tfl.SymbolicTensor['sourceLayer'];

/**
 * Makes `layer` (and, for a nested model, every layer inside) always run as at inference, even
 * when the model around it is called with `training: true`: batch normalization normalizes with
 * its moving statistics and leaves them unchanged, dropout and noise pass their input through.
 * tfjs-layers has no per-layer switch for this (its BatchNormalization updates its moving
 * statistics whenever `training` is true, trainable or not), so the instance's `call` is wrapped;
 * the layer's configuration, weights and serialization are untouched.
 */
export function runInInferenceMode(layer: Layer): void {
  const marked = layer as Layer & { [PATCHED]?: true };
  if (marked[PATCHED]) return;
  const call = layer.call.bind(layer);
  layer.call = (inputs, kwargs) => call(inputs, { ...kwargs, training: false });
  marked[PATCHED] = true;
}

/** True when `layer` was made to run in inference mode by `runInInferenceMode`. */
export function isInInferenceMode(layer: Layer): boolean {
  return (layer as Layer & { [PATCHED]?: true })[PATCHED] === true;
}
