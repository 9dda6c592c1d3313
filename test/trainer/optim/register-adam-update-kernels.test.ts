import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { afterEach, describe, expect, it } from 'vitest';
import { initWasmTrainingBackend } from '../../../trainer/backends/wasm';
import { createAdam } from '../../../trainer/optim/create-adam';
import { ADAM_UPDATE_KERNEL, registerAdamUpdateKernels } from '../../../trainer/optim/register-adam-update-kernels';

type BackendName = 'cpu' | 'wasm';

async function useBackend(name: BackendName): Promise<void> {
  if (name === 'wasm') await initWasmTrainingBackend();
  else await tf.setBackend('cpu');
}

/** Deterministic values in [−scale, scale), with every 7th one 0 (a dead ReLU's gradient). */
function seeded(size: number, seed: number, scale: number): Float32Array {
  const values = new Float32Array(size);
  let state = seed;
  for (let i = 0; i < size; i++) {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    values[i] = i % 7 === 0 ? 0 : ((state / 2 ** 32) * 2 - 1) * scale;
  }
  return values;
}

// Sizes of 4k (the SIMD kernel's vectors), 4k + 2 and 3 (its JS tail).
const SHAPES: number[][] = [[3, 3, 1, 16], [16], [800, 64], [10], [3]];

/** Runs 5 Adam steps (varying lr, gradients from 1e-6 to 10) and returns params and moments. */
function trajectory(): Float32Array[] {
  const params = SHAPES.map((shape, index) => tf.variable(tf.tensor(seeded(tf.util.sizeFromShape(shape), 100 + index, 0.5), shape)));
  const adam = createAdam(params);
  for (let step = 0; step < 5; step++) {
    const grads = SHAPES.map((shape, index) => tf.tensor(seeded(tf.util.sizeFromShape(shape), 10 * step + index, 10 ** (index - 5 + step)), shape));
    adam.applyGradients(grads, 1e-3 * (step + 1));
    tf.dispose(grads);
  }
  const values = [...params, ...adam.state.firstMoments, ...adam.state.secondMoments].map((variable) => variable.dataSync() as Float32Array);
  adam.dispose();
  tf.dispose(params);
  return values;
}

/** max |a − b| / max(|b|, 1e-30) over all values. */
function maxRelativeDifference(actual: readonly Float32Array[], expected: readonly Float32Array[]): number {
  let worst = 0;
  actual.forEach((values, index) => {
    const reference = expected[index] as Float32Array;
    values.forEach((value, i) => {
      const difference = Math.abs(value - (reference[i] as number)) / Math.max(Math.abs(reference[i] as number), 1e-30);
      worst = Number.isNaN(difference) ? Number.POSITIVE_INFINITY : Math.max(worst, difference);
    });
  });
  return worst;
}

describe('the fused Adam kernel', () => {
  afterEach(() => {
    registerAdamUpdateKernels(); // a test may have removed one
  });

  it.each(['cpu', 'wasm'] as const)('should give the op path\'s params and moments over 5 steps on %s', async (backend) => {
    await useBackend(backend);
    registerAdamUpdateKernels();
    const fused = trajectory();
    // Without the kernel, createAdam falls back to tf ops, as on tfjs-node.
    tf.unregisterKernel(ADAM_UPDATE_KERNEL, backend);
    const ops = trajectory();
    registerAdamUpdateKernels();
    expect(fused.map((values) => values.length)).toEqual(ops.map((values) => values.length));
    expect(fused[2]?.some((value, i) => value !== seeded(800 * 64, 102, 0.5)[i])).toBe(true); // the params moved
    expect(maxRelativeDifference(fused, ops)).toBeLessThanOrEqual(1e-6);
  });

  it('should run one kernel per parameter and leak no tensors on wasm', async () => {
    await useBackend('wasm');
    const param = tf.variable(tf.ones([4, 4]));
    const adam = createAdam([param]);
    const grad = tf.fill([4, 4], 0.5);
    adam.applyGradients([grad], 0.1);
    const before = tf.memory().numTensors;
    const profile = await tf.profile(() => adam.applyGradients([grad], 0.1));
    expect(profile.kernelNames).toEqual([ADAM_UPDATE_KERNEL]);
    expect(tf.memory().numTensors).toBe(before);
    // Step 2 of Adam from m = v = 0 with a constant gradient moves by lr each step.
    expect(Array.from(await param.data()).every((value) => Math.abs(value - 0.8) < 1e-6)).toBe(true);
    adam.dispose();
    tf.dispose([param, grad]);
  });
});
