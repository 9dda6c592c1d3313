import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { EAGER_SETUP_KERNELS } from '../../worker/inference/defer-kernel-setup';
import { ensureBackend } from '../../worker/inference/ensure-backend';
import { WASM_BACKEND } from '../../worker/inference/wasm-backend';

// One test: this file's isolate is fresh, so no kernel has run through the registry before it.
describe('deferKernelSetup', () => {
  it('should leave only the directly called kernels with a start-up setup, and every kernel working', async () => {
    await ensureBackend();
    expect(tf.getBackend()).toBe(WASM_BACKEND);
    const withSetup = tf.getKernelsForBackend(WASM_BACKEND).filter((config) => config.setupFunc !== undefined).map((config) => config.kernelName);
    expect(withSetup.sort()).toEqual([...EAGER_SETUP_KERNELS].sort());

    // Each of these calls, as a plain function, a kernel it never reaches through the registry
    // (Cumsum and Mean → Transpose, SpaceToBatchND → PadV2 and Transpose), first in this
    // isolate: a deferred setup there would leave its wasm export unbound (a TypeError).
    const x = tf.tensor2d([[1, 2, 3], [4, 5, 6]]);
    expect(Array.from(tf.cumsum(x, 0).dataSync())).toEqual([1, 2, 3, 5, 7, 9]);
    expect(Array.from(tf.mean(x, 0).dataSync())).toEqual([2.5, 3.5, 4.5]);
    const grid = tf.tensor4d([1, 2, 3, 4], [1, 2, 2, 1]);
    const blocks = tf.spaceToBatchND(grid, [2, 2], [[0, 0], [0, 2]]);
    expect(blocks.shape).toEqual([4, 1, 2, 1]);
    expect(Array.from(blocks.dataSync())).toEqual([1, 0, 2, 0, 3, 0, 4, 0]);
    // …and a kernel whose own setup was deferred binds it on its first call.
    expect(Array.from(tf.softplus(tf.tensor1d([0])).dataSync())[0]).toBeCloseTo(Math.log(2), 6);
    tf.dispose([x, grid, blocks]);
  });
});
