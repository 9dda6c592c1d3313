import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { allFinite } from '../../../trainer/fuses/all-finite';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

function check(values: number[][]): boolean {
  const tensors = values.map((row) => tf.tensor1d(row));
  const flag = allFinite(tensors);
  expect(flag.dtype).toBe('bool');
  expect(flag.shape).toEqual([]);
  const finite = flag.dataSync()[0] === 1;
  tf.dispose([flag, ...tensors]);
  return finite;
}

describe('allFinite', () => {
  it('should be true when every value is finite, however large', () => {
    expect(check([[1.5], [3e38, -3e38, 0]])).toBe(true);
  });

  it('should be false for NaN, Inf or -Inf in any tensor', () => {
    expect(check([[1.5], [0, Number.NaN]])).toBe(false);
    expect(check([[Number.POSITIVE_INFINITY], [0]])).toBe(false);
    expect(check([[0], [1], [Number.NEGATIVE_INFINITY]])).toBe(false);
  });

  it('should be true for no tensors', () => {
    const flag = allFinite([]);
    expect(flag.dataSync()[0]).toBe(1);
    flag.dispose();
  });

  it('should allocate only the returned flag', () => {
    const tensors = [tf.scalar(1), tf.tensor2d([[1, 2], [3, Number.NaN]])];
    const before = tf.memory().numTensors;
    const flag = allFinite(tensors);
    expect(tf.memory().numTensors).toBe(before + 1);
    tf.dispose([flag, ...tensors]);
  });
});
