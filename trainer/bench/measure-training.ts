import * as tf from '@tensorflow/tfjs-core';
import type { TrainConfig } from '../config/train-config';
import type { Dataset } from '../data/dataset';
import { createModel } from '../model/create-model';
import { trainLoop } from '../train/train-loop';
import { trainingFlopsPerExample } from './training-flops';

/** Throughput of the training loop on the active backend. */
export interface TrainingMeasurement {
  samplesPerSecond: number;
  gflops: number;
  measuredSteps: number;
}

/**
 * Trains a fresh default model on the active backend: `warmupSteps` untimed (kernel setup,
 * allocation), then `measuredSteps` timed, with the full loop (batching, forward, backward, Adam).
 */
export async function measureTraining(
  dataset: Dataset,
  config: TrainConfig,
  warmupSteps: number,
  measuredSteps: number,
): Promise<TrainingMeasurement> {
  const model = createModel({ architecture: config.model, input: dataset.input, numClasses: dataset.labels.length, seed: config.seed });
  let timedFrom = 0;
  let timedTo = 0;
  try {
    await trainLoop(model, dataset, { ...config, maxSteps: warmupSteps + measuredSteps, epochs: 1000 }, {
      onStep(step) {
        if (step.step === warmupSteps) timedFrom = performance.now();
        if (step.step === warmupSteps + measuredSteps) timedTo = performance.now();
      },
    });
    const seconds = (timedTo - timedFrom) / 1000;
    const samplesPerSecond = (measuredSteps * config.batchSize) / seconds;
    return { samplesPerSecond, gflops: (samplesPerSecond * trainingFlopsPerExample(model)) / 1e9, measuredSteps };
  } finally {
    model.dispose();
    tf.disposeVariables();
  }
}
