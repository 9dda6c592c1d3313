import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { createAdam } from '../../../trainer/optim/create-adam';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('createAdam', () => {
  it('should match a hand-computed PyTorch Adam trajectory', () => {
    const param = tf.variable(tf.tensor1d([1, -2]));
    const adam = createAdam([param]);
    const lr = 0.1;
    // Reference in float64: PyTorch's update p -= lr/bc1 * m / (sqrt(v)/sqrt(bc2) + eps).
    let p = [1, -2];
    let m = [0, 0];
    let v = [0, 0];
    const gradients = [[0.5, -1], [0.25, 3], [-1, 0.5]];
    gradients.forEach((g, index) => {
      const step = index + 1;
      m = m.map((value, i) => 0.9 * value + 0.1 * (g[i] ?? 0));
      v = v.map((value, i) => 0.999 * value + 0.001 * (g[i] ?? 0) ** 2);
      const bc1 = 1 - 0.9 ** step;
      const bc2 = 1 - 0.999 ** step;
      p = p.map((value, i) => value - (lr / bc1) * ((m[i] ?? 0) / (Math.sqrt(v[i] ?? 0) / Math.sqrt(bc2) + 1e-8)));
      const grad = tf.tensor1d(g);
      adam.applyGradients([grad], lr);
      grad.dispose();
    });
    const actual = Array.from(param.dataSync());
    actual.forEach((value, i) => expect(value).toBeCloseTo(p[i] ?? Number.NaN, 6));
    expect(adam.state.step).toBe(3);
    adam.dispose();
    param.dispose();
  });

  it('should not leak tensors across steps', () => {
    const param = tf.variable(tf.ones([3, 3]));
    const adam = createAdam([param]);
    const grad = tf.onesLike(param);
    adam.applyGradients([grad], 0.01);
    const before = tf.memory().numTensors;
    for (let step = 0; step < 5; step++) adam.applyGradients([grad], 0.01);
    expect(tf.memory().numTensors).toBe(before);
    adam.dispose();
    tf.dispose([grad, param]);
  });

  it('should scale the learning rate per parameter, leaving unscaled ones bit-identical', () => {
    const run = (lrScales?: number[]) => {
      const params = [tf.variable(tf.tensor1d([1, -2])), tf.variable(tf.tensor1d([0.5]))];
      const adam = createAdam(params, lrScales ? { lrScales } : {});
      for (const g of [[0.5, -1, 2], [0.25, 3, -1]]) {
        const grads = [tf.tensor1d(g.slice(0, 2)), tf.tensor1d(g.slice(2))];
        adam.applyGradients(grads, 0.1);
        tf.dispose(grads);
      }
      const values = params.map((param) => Array.from(param.dataSync()));
      adam.dispose();
      tf.dispose(params);
      return values;
    };
    const plain = run();
    const scaled = run([1, 0.1]);
    expect(scaled[0]).toEqual(plain[0]);
    // Same gradients and moments, a tenth of the step size: the scaled parameter moves a tenth as far.
    expect(0.5 - (scaled[1]?.[0] ?? 0)).toBeCloseTo(0.1 * (0.5 - (plain[1]?.[0] ?? 0)), 6);
    expect(() => createAdam([tf.variable(tf.ones([1]))], { lrScales: [1, 1] })).toThrow('Adam: 2 learning-rate scales for 1 parameters');
  });

  it('should refuse a gradient list of the wrong length', () => {
    const param = tf.variable(tf.ones([2]));
    const adam = createAdam([param]);
    expect(() => adam.applyGradients([], 0.1)).toThrow('Adam: 0 gradients for 1 parameters');
    adam.dispose();
    param.dispose();
  });
});
