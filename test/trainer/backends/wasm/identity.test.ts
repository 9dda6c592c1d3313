import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { useBackend } from './cpu-reference';

describe('Identity and same-dtype Cast on wasm', () => {
  it.each([
    ['clone', (x: tf.Tensor) => tf.clone(x)],
    ['cast to float32', (x: tf.Tensor) => tf.cast(x, 'float32')],
  ] as const)('should give a %s that outlives its source and frees the data with the last tensor', async (_name, copy) => {
    await useBackend('wasm');
    const buffersBefore = tf.backend().numDataIds();
    const source = tf.tensor2d([[1, -2], [3.5, 4]]);
    const copied = copy(source);
    expect(tf.backend().numDataIds() - buffersBefore).toBe(1); // shared, not copied
    source.dispose();
    expect(Array.from(await copied.data())).toEqual([1, -2, 3.5, 4]);
    expect(copied.shape).toEqual([2, 2]);
    copied.dispose();
    expect(tf.backend().numDataIds()).toBe(buffersBefore);
  });

  it('should still convert between dtypes', async () => {
    await useBackend('wasm');
    const floats = tf.tensor1d([1.75, -2.5, 0]);
    const ints = tf.cast(floats, 'int32');
    expect(ints.dtype).toBe('int32');
    expect(Array.from(await ints.data())).toEqual([1, -2, 0]);
    tf.dispose([floats, ints]);
  });
});
