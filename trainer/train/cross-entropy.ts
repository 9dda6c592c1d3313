import * as tf from '@tensorflow/tfjs-core';

/**
 * Mean softmax cross-entropy of `logits` [batch, classes] against one-hot `targets`, with the
 * targets smoothed towards uniform by `smoothing`.
 */
export function crossEntropy(logits: tf.Tensor2D, targets: tf.Tensor2D, smoothing: number): tf.Scalar {
  const classes = targets.shape[1];
  const smoothed = smoothing > 0 ? tf.add(tf.mul(targets, 1 - smoothing), smoothing / classes) : targets;
  return tf.mean(tf.neg(tf.sum(tf.mul(smoothed, tf.logSoftmax(logits)), 1)));
}
