import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { roundThroughFloat16 } from '../fuses';
import { countCorrect } from './count-correct';
import { crossEntropy } from './cross-entropy';
import { gradientStats } from './gradient-stats';
import { readStepOnDevice } from '../backends/webgpu/read-step-on-device';
import { reseedDropout } from './reseed-dropout';
import type { Batch } from './next-batch';

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
  /** Data step: seeds fresh dropout masks per step (see `reseedDropout`); absent = the layers' own seeds. */
  step?: number;
  /**
   * Parameters held still this step (true = its gradient is zero), in `params` order: a
   * backbone's fine-tuned layers before fine-tuning starts. Zero gradients leave a weight and its
   * Adam moments bit-identical and add nothing to the global norm.
   */
  frozen?: readonly boolean[];
}

/** The gradients of one shard of a batch (all of it on one thread), before any guard looks at them. */
export interface ShardGradients {
  /** Mean loss over the shard, unscaled. */
  loss: number;
  /** Examples of the shard whose top-1 was right. */
  correct: number;
  /** Unscaled gradients of the shard's mean loss, in `params` order. The caller disposes them. */
  grads: tf.Tensor[];
}

function replaceAll(tensors: tf.Tensor[], map: (tensor: tf.Tensor) => tf.Tensor): tf.Tensor[] {
  return tensors.map((tensor) => {
    const next = map(tensor);
    tensor.dispose();
    return next;
  });
}

/** A shard's backward pass before anything is read back: loss and logits stay on the backend. */
interface ShardTensors {
  /** Unscaled mean loss (a scalar). */
  loss: tf.Scalar;
  logits: tf.Tensor2D; // [batch, classes]
  grads: tf.Tensor[];
}

/** Forward + backward with `tf.variableGrads`, through the loss scale and float16 rounding; reads nothing. */
function shardBackward(
  model: tfl.LayersModel,
  params: readonly tf.Variable[],
  images: tf.Tensor4D,
  targets: tf.Tensor2D,
  options: GradientOptions,
  shard: number,
): ShardTensors {
  if (options.step !== undefined) reseedDropout(model, options.step, shard);
  let rawLoss: tf.Scalar | undefined;
  let logits: tf.Tensor2D | undefined;
  const { value: objective, grads: named } = tf.variableGrads((): tf.Scalar => {
    logits = tf.keep(model.apply(images, { training: true }) as tf.Tensor2D); // [batch, classes]
    rawLoss = tf.keep(crossEntropy(logits, targets, options.labelSmoothing));
    return options.lossScale === null ? rawLoss : tf.mul(rawLoss, options.lossScale);
  }, [...params]);
  if (objective !== rawLoss) objective.dispose(); // without a loss scale they are the same tensor
  let grads = params.map((param) => named[param.name] as tf.Tensor);
  const { gradFactor, lossScale } = options;
  if (gradFactor !== 1) grads = replaceAll(grads, (grad) => tf.mul(grad, gradFactor));
  if (options.emulateFp16) grads = replaceAll(grads, roundThroughFloat16);
  if (lossScale !== null) grads = replaceAll(grads, (grad) => tf.div(grad, lossScale));
  // set by the closure above, which variableGrads has run
  return { loss: rawLoss as tf.Scalar, logits: logits as tf.Tensor2D, grads };
}

/**
 * Forward + backward of `images` / one-hot `targets` with `tf.variableGrads`, optionally through a
 * loss scale and float16 rounding, on shard `shard` of the batch (it picks the dropout masks). Synchronous: loss and hit count are read with one `dataSync`.
 */
export function shardGradients(
  model: tfl.LayersModel,
  params: readonly tf.Variable[],
  images: tf.Tensor4D,
  targets: tf.Tensor2D,
  options: GradientOptions,
  shard = 0,
): ShardGradients {
  const { loss, logits, grads } = shardBackward(model, params, images, targets, options, shard);
  const logitValues = logits.dataSync() as Float32Array;
  const correct = countCorrect(logitValues, targets.dataSync() as Float32Array, targets.shape[1]);
  const [lossValue = Number.NaN] = loss.dataSync();
  tf.dispose([loss, logits]);
  return { loss: lossValue, correct, grads };
}

/** `grads` with the ones `frozen` marks replaced by zeros (those are disposed). */
export function zeroFrozen(grads: tf.Tensor[], frozen: readonly boolean[]): tf.Tensor[] {
  return grads.map((grad, index) => {
    if (frozen[index] !== true) return grad;
    const zeros = tf.zerosLike(grad);
    grad.dispose();
    return zeros;
  });
}

/**
 * Computes the gradients of `params` for one batch on this thread, and reads loss, global norm and
 * finiteness, asynchronously (a GPU backend cannot read synchronously). On the CPU backends the
 * norm and the finite check are one pass over the gradient values in JS, which is cheaper than
 * two reductions of small tensors there; on webgpu the reductions run on the device and the step
 * reads one small buffer (see `readStepOnDevice`).
 */
export async function computeGradients(
  model: tfl.LayersModel,
  params: readonly tf.Variable[],
  batch: Batch,
  options: GradientOptions,
): Promise<GradientResult> {
  const shard = shardBackward(model, params, batch.images, batch.targets, options, 0);
  if (options.frozen) shard.grads = zeroFrozen(shard.grads, options.frozen);
  if (tf.getBackend() === 'webgpu') {
    const read = await readStepOnDevice(shard.loss, shard.logits, batch.targets, shard.grads);
    tf.dispose([shard.loss, shard.logits]);
    return { ...read, grads: shard.grads };
  }
  const [lossValues, logitValues, targetValues, ...values] = (await Promise.all(
    [shard.loss, shard.logits, batch.targets, ...shard.grads].map((tensor) => tensor.data()),
  )) as Float32Array[];
  tf.dispose([shard.loss, shard.logits]);
  const loss = lossValues?.[0] ?? Number.NaN;
  const correct = countCorrect(logitValues as Float32Array, targetValues as Float32Array, batch.targets.shape[1]);
  const { norm, finite } = gradientStats(values, loss);
  return { loss, gradNorm: norm, finite, correct, grads: shard.grads };
}
