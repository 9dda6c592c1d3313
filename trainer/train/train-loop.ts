import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import type { TrainConfig } from '../config/train-config';
import type { Dataset } from '../data/dataset';
import { createAdam } from '../optim/create-adam';
import { createRng, shuffledIndices } from './create-rng';
import { learningRateAt } from './learning-rate-at';
import { nextBatch } from './next-batch';

/** What the loop reports after every optimizer step. */
export interface StepReport {
  step: number;
  totalSteps: number;
  epoch: number;
  loss: number;
  /** Fraction of the batch predicted right. */
  batchAccuracy: number;
  lr: number;
  samplesPerSecond: number;
}

export interface TrainHooks {
  onStep?: (report: StepReport) => void;
}

/** The outcome of `trainLoop`. */
export interface TrainResult {
  steps: number;
  epochs: number;
  samples: number;
  /** Seconds spent in the loop (batching, forward, backward, update). */
  trainSeconds: number;
  samplesPerSecond: number;
  finalLoss: number;
}

/** Mean softmax cross-entropy of `logits` [batch, classes] against one-hot `targets`. */
function crossEntropy(logits: tf.Tensor2D, targets: tf.Tensor2D): tf.Scalar {
  return tf.mean(tf.neg(tf.sum(tf.mul(targets, tf.logSoftmax(logits)), 1)));
}

/**
 * Trains `model` on `dataset.train` with Adam and a warm-up + cosine schedule.
 * One code path for every backend: gradients come from `tf.variableGrads`, so a guard can
 * inspect them between backward and update.
 */
export async function trainLoop(
  model: tfl.LayersModel,
  dataset: Dataset,
  config: TrainConfig,
  hooks: TrainHooks = {},
): Promise<TrainResult> {
  const { train, input, labels } = dataset;
  const numClasses = labels.length;
  const stepsPerEpoch = Math.floor(train.count / config.batchSize);
  if (stepsPerEpoch === 0) {
    throw new Error(`batch size ${config.batchSize} is larger than the training set (${train.count} examples)`);
  }
  const scheduledSteps = stepsPerEpoch * config.epochs;
  const totalSteps = config.maxSteps > 0 ? Math.min(config.maxSteps, scheduledSteps) : scheduledSteps;
  const schedule = { peak: config.lr, warmupSteps: config.warmupSteps, totalSteps: scheduledSteps, minRatio: config.minLrRatio };
  // LayerVariable.read() returns the backing tf.Variable (typed as Tensor by tfjs-layers).
  const params = model.trainableWeights.map((weight) => weight.read() as tf.Variable);
  const optimizer = createAdam(params);
  const rng = createRng(config.seed);

  let step = 0;
  let finalLoss = Number.NaN;
  const started = performance.now();
  try {
    for (let epoch = 0; epoch < config.epochs && step < totalSteps; epoch++) {
      const order = shuffledIndices(train.count, rng);
      for (let batchIndex = 0; batchIndex < stepsPerEpoch && step < totalSteps; batchIndex++) {
        // batch
        const batch = nextBatch(train, input, numClasses, order, batchIndex * config.batchSize, config.batchSize);
        const lr = learningRateAt(step, schedule);

        // forward / backward
        let correctTensor: tf.Scalar | undefined;
        const { value: lossTensor, grads } = tf.variableGrads((): tf.Scalar => {
          const logits = model.apply(batch.images, { training: true }) as tf.Tensor2D; // [batch, classes]
          correctTensor = tf.keep(tf.sum<tf.Scalar>(tf.cast(tf.equal(tf.argMax(logits, 1), tf.argMax(batch.targets, 1)), 'float32')));
          return crossEntropy(logits, batch.targets);
        }, params);
        const gradList = params.map((param) => grads[param.name] as tf.Tensor);

        // step
        optimizer.applyGradients(gradList, lr);

        // log
        const [lossValue = Number.NaN] = await lossTensor.data();
        const correct = correctTensor ? ((await correctTensor.data())[0] ?? 0) : 0;
        tf.dispose([lossTensor, correctTensor, batch.images, batch.targets, ...gradList]);
        step++;
        finalLoss = lossValue;
        const elapsedSeconds = (performance.now() - started) / 1000;
        hooks.onStep?.({
          step,
          totalSteps,
          epoch,
          loss: lossValue,
          batchAccuracy: correct / batch.size,
          lr,
          samplesPerSecond: (step * config.batchSize) / elapsedSeconds,
        });
      }
    }
  } finally {
    optimizer.dispose();
  }
  const trainSeconds = (performance.now() - started) / 1000;
  const samples = step * config.batchSize;
  return {
    steps: step,
    epochs: step / stepsPerEpoch,
    samples,
    trainSeconds,
    samplesPerSecond: samples / trainSeconds,
    finalLoss,
  };
}
