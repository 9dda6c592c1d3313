import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { globalNorm } from '../../../trainer/fuses/global-norm';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('globalNorm', () => {
  it('should take one L2 norm over all gradients together', () => {
    const grads = [tf.tensor1d([3, 4]), tf.tensor1d([12])];
    const norm = globalNorm(grads);
    expect(norm.shape).toEqual([]);
    expect(norm.dataSync()[0]).toBe(13);
    tf.dispose([norm, ...grads]);
  });

  it('should handle matrices and scalars alike', () => {
    const grads = [tf.tensor2d([[1, 2], [2, 0]]), tf.scalar(4)]; // 1 + 4 + 4 + 16 = 25
    const norm = globalNorm(grads);
    expect(norm.dataSync()[0]).toBe(5);
    tf.dispose([norm, ...grads]);
  });

  it('should return 0 for no gradients', () => {
    const norm = globalNorm([]);
    expect(norm.dataSync()[0]).toBe(0);
    norm.dispose();
  });

  it('should be NaN when a gradient holds NaN', () => {
    const grads = [tf.tensor1d([3, Number.NaN])];
    const norm = globalNorm(grads);
    expect(norm.dataSync()[0]).toBeNaN();
    tf.dispose([norm, ...grads]);
  });

  it('should leave only the returned scalar allocated', () => {
    const grads = [tf.tensor1d([3, 4]), tf.tensor1d([12])];
    const before = tf.memory().numTensors;
    const norm = globalNorm(grads);
    expect(tf.memory().numTensors).toBe(before + 1);
    tf.dispose([norm, ...grads]);
  });
});
