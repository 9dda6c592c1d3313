import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { allFinite, globalNorm, roundThroughFloat16 } from '../fuses';
import type { Batch } from './next-batch';
import { crossEntropy } from './cross-entropy';

/** Forward + backward of one batch, and the numbers the guards look at. */
export interface GradientResult {
  /** Unscaled loss; may be NaN or ±Infinity. */
  loss: number;
  /** Global norm of `grads`; NaN or Infinity when any gradient is. */
  gradNorm: number;
  /** Loss and every gradient finite. */
  finite: boolean;
  /** Examples of the batch whose top-1 was right. */
  correct: number;
  /** Unscaled gradients, one per parameter, in `params` order. The caller disposes them. */
  grads: tf.Tensor[];
}

export interface GradientOptions {
  labelSmoothing: number;
  /** Multiply the loss by this before backward and divide the gradients after (null = off). */
  lossScale: number | null;
  /** Fault injection: multiply the gradients by this (1 = none). */
  gradFactor: number;
  /** Round the (scaled) gradients through float16, as an fp16 backward pass would hold them. */
  emulateFp16: boolean;
}

function replaceAll(tensors: tf.Tensor[], map: (tensor: tf.Tensor) => tf.Tensor): tf.Tensor[] {
  return tensors.map((tensor) => {
    const next = map(tensor);
    tensor.dispose();
    return next;
  });
}

/**
 * Computes the gradients of `params` for one batch with `tf.variableGrads`, optionally through a
 * loss scale and float16 rounding, and reads loss, global norm and finiteness in one transfer.
 */
export async function computeGradients(
  model: tfl.LayersModel,
  params: readonly tf.Variable[],
  batch: Batch,
  options: GradientOptions,
): Promise<GradientResult> {
  let rawLoss: tf.Scalar | undefined;
  let correctCount: tf.Scalar | undefined;
  const { value: objective, grads: named } = tf.variableGrads((): tf.Scalar => {
    const logits = model.apply(batch.images, { training: true }) as tf.Tensor2D; // [batch, classes]
    correctCount = tf.keep(tf.sum<tf.Scalar>(tf.cast(tf.equal(tf.argMax(logits, 1), tf.argMax(batch.targets, 1)), 'float32')));
    rawLoss = tf.keep(crossEntropy(logits, batch.targets, options.labelSmoothing));
    return options.lossScale === null ? rawLoss : tf.mul(rawLoss, options.lossScale);
  }, [...params]);
  if (objective !== rawLoss) objective.dispose(); // without a loss scale they are the same tensor
  let grads = params.map((param) => named[param.name] as tf.Tensor);
  const { gradFactor, lossScale } = options;
  if (gradFactor !== 1) grads = replaceAll(grads, (grad) => tf.mul(grad, gradFactor));
  if (options.emulateFp16) grads = replaceAll(grads, roundThroughFloat16);
  if (lossScale !== null) grads = replaceAll(grads, (grad) => tf.div(grad, lossScale));

  const loss = rawLoss as tf.Scalar; // set by the closure above, which variableGrads has run
  const stats = tf.tidy(() => tf.stack([loss, globalNorm(grads), tf.cast(allFinite([loss, ...grads]), 'float32'), correctCount as tf.Scalar]));
  const [lossValue = Number.NaN, gradNorm = Number.NaN, finiteFlag = 0, correct = 0] = await stats.data();
  tf.dispose([stats, loss, correctCount]);
  return { loss: lossValue, gradNorm, finite: finiteFlag === 1, correct, grads };
}
