import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import type { NamedAttrMap } from '@tensorflow/tfjs-core';
import { initWasmTrainingBackend } from '../../../../trainer/backends/wasm';

/** Test-side helpers: seeded inputs, one kernel run per backend, and the error measure the tests bound. */

export interface TensorSpec {
  readonly shape: readonly number[];
  readonly values: Float32Array;
}

export type BackendName = 'cpu' | 'wasm';

/** Uniform values in [min, max) from a mulberry32 stream, so every run sees the same inputs. */
export function seededTensor(shape: readonly number[], seed: number, min = -1, max = 1): TensorSpec {
  const size = shape.reduce((product, dim) => product * dim, 1);
  const values = new Float32Array(size);
  let state = seed >>> 0;
  for (let i = 0; i < size; i++) {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    const unit = ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    values[i] = min + (max - min) * unit;
  }
  return { shape, values };
}

export async function useBackend(name: BackendName): Promise<void> {
  if (name === 'wasm') {
    await initWasmTrainingBackend();
    return;
  }
  await tf.setBackend('cpu');
}

/** Runs `build` on the named backend and returns its output's shape and values; disposes every tensor it made. */
export async function computeOn(
  backendName: BackendName, build: () => tf.Tensor,
): Promise<{ shape: number[]; values: Float32Array }> {
  await useBackend(backendName);
  const before = tf.memory().numTensors;
  const out = tf.tidy(build);
  const result = { shape: out.shape, values: Float32Array.from(out.dataSync()) };
  out.dispose();
  const leaked = tf.memory().numTensors - before;
  if (leaked !== 0) {
    throw new Error(`${backendName}: ${leaked} tensors leaked computing the output`);
  }
  return result;
}

/** Runs one kernel through the engine on the named backend, with inputs built from specs. */
export async function runKernelOn(
  backendName: BackendName, kernelName: string, inputs: Record<string, TensorSpec>, attrs: NamedAttrMap,
): Promise<{ shape: number[]; values: Float32Array }> {
  return computeOn(backendName, () => {
    const tensors: Record<string, tf.Tensor> = {};
    for (const [name, spec] of Object.entries(inputs)) {
      tensors[name] = tf.tensor(spec.values, [...spec.shape], 'float32');
    }
    const out = tf.engine().runKernel(kernelName, tensors, attrs);
    if (Array.isArray(out)) {
      throw new Error(`${kernelName} returned ${out.length} outputs, expected one`);
    }
    return out;
  });
}

/**
 * max |actual − expected| / max(1, max |expected|).
 *
 * Absolute for outputs of magnitude ≤ 1, relative to the output's scale
 * above: float32 keeps ~7 significant digits, and XNNPACK sums in another
 * order than the cpu backend (which accumulates in float64), so the rounding
 * error of a long sum grows with the magnitude of its partial sums — which is
 * the scale of the whole output, not of one (possibly cancelled) element.
 * A bound of 1e-5 is ~100 float32 ulps at that scale, far below what any real
 * bug (a wrong tap, window or padding) produces: O(1) relative differences.
 */
export function maxScaledDifference(actual: Float32Array, expected: Float32Array): number {
  if (actual.length !== expected.length) {
    throw new Error(`length mismatch: actual ${actual.length}, expected ${expected.length}`);
  }
  const scale = Math.max(1, maxAbs(expected));
  let worst = 0;
  for (let i = 0; i < actual.length; i++) {
    // In bounds: i < length of both arrays.
    const difference = Math.abs(actual[i]! - expected[i]!) / scale;
    // NaN anywhere must fail the bound rather than vanish in Math.max.
    worst = Number.isNaN(difference) ? Number.POSITIVE_INFINITY : Math.max(worst, difference);
  }
  return worst;
}

/** Largest |value|, to show a reference output is not trivially zero. */
export function maxAbs(values: Float32Array): number {
  return values.reduce((largest, value) => Math.max(largest, Math.abs(value)), 0);
}
