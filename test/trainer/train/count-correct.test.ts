import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { countCorrect } from '../../../trainer/train/count-correct';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('countCorrect', () => {
  it('counts rows whose top logit is the label, first index winning ties, as tf.argMax does', () => {
    const classes = 4;
    // rows: right, wrong, a tie resolved to index 0 (right), a tie resolved to 1 (wrong), all equal (index 0)
    const logits = new Float32Array([0, 5, 1, 2, /**/ 3, 1, 0, 0, /**/ 2, 1, 2, 0, /**/ 0, 4, 4, 1, /**/ 1, 1, 1, 1]);
    const labels = [1, 2, 0, 2, 0];
    const targets = new Float32Array(labels.length * classes);
    labels.forEach((label, row) => {
      targets[row * classes + label] = 1;
    });
    const expected = tf.tidy(() =>
      tf.sum(tf.cast(tf.equal(tf.argMax(tf.tensor2d(logits, [5, classes]), 1), tf.argMax(tf.tensor2d(targets, [5, classes]), 1)), 'int32')).dataSync()[0]);
    expect(countCorrect(logits, targets, classes)).toBe(3);
    expect(countCorrect(logits, targets, classes)).toBe(expected);
  });

  it('counts nothing for an empty batch', () => {
    expect(countCorrect(new Float32Array(0), new Float32Array(0), 10)).toBe(0);
  });
});
