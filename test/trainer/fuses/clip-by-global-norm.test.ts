import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { clipByGlobalNorm, clipScale } from '../../../trainer/fuses/clip-by-global-norm';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('clipScale', () => {
  it('should be maxNorm / (norm + 1e-6) when the norm is above maxNorm', () => {
    expect(clipScale(6.5, 13)).toBe(6.5 / (13 + 1e-6));
  });

  it('should be capped at 1', () => {
    expect(clipScale(20, 13)).toBe(1);
    expect(clipScale(Number.POSITIVE_INFINITY, 13)).toBe(1);
  });

  it('should clip slightly even at norm == maxNorm, as PyTorch does', () => {
    expect(clipScale(13, 13)).toBe(13 / (13 + 1e-6));
  });

  it('should refuse a non-finite norm and a non-positive maxNorm', () => {
    expect(() => clipScale(1, Number.NaN)).toThrow(/norm NaN is not a finite/);
    expect(() => clipScale(1, Number.POSITIVE_INFINITY)).toThrow(/norm Infinity/);
    expect(() => clipScale(0, 1)).toThrow(/maxNorm must be positive, got 0/);
  });
});

describe('clipByGlobalNorm', () => {
  it('should scale every gradient by one factor', () => {
    const grads = [tf.tensor1d([3, 4]), tf.tensor1d([12])];
    const { grads: clipped, scale } = clipByGlobalNorm(grads, 6.5, 13);
    expect(scale).toBe(6.5 / (13 + 1e-6));
    const scale32 = Math.fround(scale); // the factor is a float32 scalar on the backend
    expect(clipped[0]?.dataSync()).toEqual(Float32Array.from([3 * scale32, 4 * scale32]));
    expect(clipped[1]?.dataSync()).toEqual(Float32Array.from([12 * scale32]));
    // The clipped norm is maxNorm up to the epsilon.
    expect(Math.hypot(3 * scale32, 4 * scale32, 12 * scale32)).toBeCloseTo(6.5, 5);
    tf.dispose([...grads, ...clipped]);
  });

  it('should return new, unchanged tensors when no clipping is needed', () => {
    const grads = [tf.tensor1d([3, 4]), tf.tensor1d([12])];
    const { grads: kept, scale } = clipByGlobalNorm(grads, 100, 13);
    expect(scale).toBe(1);
    expect(kept[0]).not.toBe(grads[0]);
    expect(kept[0]?.dataSync()).toEqual(Float32Array.from([3, 4]));
    expect(kept[1]?.dataSync()).toEqual(Float32Array.from([12]));
    grads.forEach((grad) => grad.dispose());
    // The copies outlive the inputs.
    expect(kept[1]?.dataSync()).toEqual(Float32Array.from([12]));
    tf.dispose(kept);
  });

  it('should allocate only the returned gradients', () => {
    const grads = [tf.tensor1d([3, 4]), tf.tensor1d([12])];
    const before = tf.memory().numTensors;
    const { grads: clipped } = clipByGlobalNorm(grads, 1, 13);
    expect(tf.memory().numTensors).toBe(before + 2);
    tf.dispose([...grads, ...clipped]);
  });
});
