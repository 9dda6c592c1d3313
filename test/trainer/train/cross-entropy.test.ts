import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-layers'; // fills tfjs-core's gradient registry
import { describe, expect, it } from 'vitest';
import { initWasmTrainingBackend } from '../../../trainer/backends/wasm';
import { crossEntropy } from '../../../trainer/train/cross-entropy';

/** The loss as plain tf ops, differentiated by autodiff: the reference. */
function plainCrossEntropy(logits: tf.Tensor2D, targets: tf.Tensor2D, smoothing: number): tf.Scalar {
  const classes = targets.shape[1];
  const smoothed = smoothing > 0 ? tf.add(tf.mul(targets, 1 - smoothing), smoothing / classes) : targets;
  return tf.mean(tf.neg(tf.sum(tf.mul(smoothed, tf.logSoftmax(logits)), 1)));
}

/** Logits spread over ±8 and one-hot targets, from a fixed seed. */
function batchOf(batch: number, classes: number): { logits: tf.Tensor2D; targets: tf.Tensor2D } {
  const logits = tf.mul(tf.randomUniform([batch, classes], -1, 1, 'float32', 11), 8) as tf.Tensor2D;
  const labels = Array.from({ length: batch }, (_, row) => (row * 7 + 3) % classes);
  return { logits, targets: tf.cast(tf.oneHot(tf.tensor1d(labels, 'int32'), classes), 'float32') as tf.Tensor2D };
}

/** Value and gradient of `loss` at the batch's logits, with the loss scaled by `scale` before backward. */
function valueAndGradient(
  loss: (logits: tf.Tensor2D, targets: tf.Tensor2D, smoothing: number) => tf.Scalar, smoothing: number, scale: number,
): { value: number; gradient: Float32Array } {
  return tf.tidy(() => {
    const { logits, targets } = batchOf(32, 10);
    const { value, grad } = tf.valueAndGrad((x: tf.Tensor) => tf.mul(loss(x as tf.Tensor2D, targets, smoothing), scale) as tf.Scalar)(logits);
    return { value: value.dataSync()[0] as number / scale, gradient: grad.dataSync() as Float32Array };
  });
}

describe('crossEntropy', () => {
  it.each([
    ['cpu', 0, 1], ['cpu', 0.1, 1], ['wasm', 0, 1], ['wasm', 0.1, 1], ['wasm', 0.1, 1024],
  ] as const)('should give the plain formula\'s value and gradient on %s (smoothing %d, loss scale %d)', async (backend, smoothing, scale) => {
    if (backend === 'wasm') await initWasmTrainingBackend();
    else await tf.setBackend('cpu');
    const tensorsBefore = tf.memory().numTensors;
    const fused = valueAndGradient(crossEntropy, smoothing, scale);
    const plain = valueAndGradient(plainCrossEntropy, smoothing, scale);
    expect(tf.memory().numTensors).toBe(tensorsBefore);
    expect(plain.value).toBeGreaterThan(1); // logits of ±8 against arbitrary labels: a large loss
    expect(Math.abs(fused.value - plain.value)).toBeLessThanOrEqual(1e-6 * plain.value);
    const largest = plain.gradient.reduce((max, value) => Math.max(max, Math.abs(value)), 0);
    expect(largest).toBeGreaterThan(0.01 * scale);
    plain.gradient.forEach((expected, i) => expect(Math.abs((fused.gradient[i] as number) - expected)).toBeLessThanOrEqual(1e-6 * largest));
  });
});
