import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { initWasmTrainingBackend, wasmTrainingKernelNames } from '../../../../trainer/backends/wasm';

describe('initWasmTrainingBackend', () => {
  it('should make the SIMD wasm backend active with the training kernels registered', async () => {
    await initWasmTrainingBackend();
    expect(tf.getBackend()).toBe('wasm');
    expect(await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')).toBe(true);
    for (const kernelName of wasmTrainingKernelNames) {
      expect(tf.getKernel(kernelName, 'wasm')?.kernelName).toBe(kernelName);
    }
  });

  it('should be safe to call again and keep computing', async () => {
    await initWasmTrainingBackend();
    await initWasmTrainingBackend();
    const product = tf.tidy(() => tf.matMul(tf.tensor2d([[1, 2], [3, 4]]), tf.tensor2d([[1], [1]]), true, false));
    expect(tf.getBackend()).toBe('wasm');
    expect(Array.from(product.dataSync())).toEqual([4, 6]);
    product.dispose();
  });
});
