import * as tf from '@tensorflow/tfjs-core';

/**
 * Mean softmax cross-entropy of `logits` [batch, classes] against one-hot `targets`, with the
 * targets smoothed towards uniform by `smoothing`.
 *
 * The gradient is written out rather than derived op by op: d loss / d logits =
 * (softmax(logits) − smoothed)/batch, one elementwise expression instead of autodiff through
 * logSoftmax, sum, mul and mean. That closed form needs every target row to sum to 1 (one-hot
 * rows, or any distribution); `targets` gets no gradient.
 */
export function crossEntropy(logits: tf.Tensor2D, targets: tf.Tensor2D, smoothing: number): tf.Scalar {
  const [batch, classes] = targets.shape;
  const loss = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [input, save] = args as [tf.Tensor2D, tf.GradSaveFunc]; // customGrad passes the inputs, then `save`
    const smoothed = smoothing > 0 ? tf.add(tf.mul(targets, 1 - smoothing), smoothing / classes) : targets; // [batch, classes]
    const logProbabilities = tf.logSoftmax(input); // [batch, classes]
    save([logProbabilities, smoothed]);
    return {
      value: tf.mean(tf.neg(tf.sum(tf.mul(smoothed, logProbabilities), 1))),
      gradFunc: (dy: tf.Tensor, [savedLogProbabilities, savedSmoothed]: tf.Tensor[]) =>
        // dy is the scalar gradient of whatever the loss feeds (1, or a loss scale).
        tf.mul(tf.sub(tf.exp(savedLogProbabilities as tf.Tensor), savedSmoothed as tf.Tensor), tf.div(dy, batch)),
    };
  });
  return loss(logits) as tf.Scalar;
}
