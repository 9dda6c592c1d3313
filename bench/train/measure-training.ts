import * as tf from '@tensorflow/tfjs-core';
import type { TrainConfig } from '../../trainer/config/train-config';
import type { Dataset } from '../../trainer/data/dataset';
import { createModel } from '../../trainer/model/create-model';
import { emptyStepPhases, subtractStepPhases } from '../../trainer/train/step-phases';
import type { StepPhases } from '../../trainer/train/step-phases';
import { trainLoop } from '../../trainer/train/train-loop';
import { trainingFlopsPerExample } from './training-flops';

/** Throughput of the training loop on the active backend. */
export interface TrainingMeasurement {
  samplesPerSecond: number;
  gflops: number;
  measuredSteps: number;
  /** Threads that computed each batch. */
  threads: number;
  /** Milliseconds per timed step in each phase of the loop (see `StepPhases`). */
  stepMs: Omit<StepPhases, 'detail'> & { total: number; detail: Record<string, number> };
}

function clone(phases: StepPhases): StepPhases {
  return { ...phases, detail: { ...phases.detail } };
}

/**
 * Trains a fresh model on the active backend: `warmupSteps` untimed (kernel setup, allocation,
 * thread start-up), then `measuredSteps` timed, with the full loop (batching, forward, backward,
 * guards, Adam), and where each timed step's time went.
 */
export async function measureTraining(
  dataset: Dataset,
  config: TrainConfig,
  warmupSteps: number,
  measuredSteps: number,
): Promise<TrainingMeasurement> {
  const model = createModel({ architecture: config.model, input: dataset.input, numClasses: dataset.labels.length, seed: config.seed });
  const phases = emptyStepPhases();
  let timedFrom = 0;
  let timedTo = 0;
  let atStart = emptyStepPhases();
  let atEnd = emptyStepPhases();
  try {
    const result = await trainLoop(model, dataset, { ...config, maxSteps: warmupSteps + measuredSteps, epochs: 1000 }, {
      onStep(step) {
        if (step.step === warmupSteps) {
          timedFrom = performance.now();
          atStart = clone(phases);
        }
        if (step.step === warmupSteps + measuredSteps) {
          timedTo = performance.now();
          atEnd = clone(phases);
        }
      },
    }, { phases });
    const seconds = (timedTo - timedFrom) / 1000;
    const samplesPerSecond = (measuredSteps * config.batchSize) / seconds;
    const spent = subtractStepPhases(atEnd, atStart);
    const perStep = (value: number): number => (value * 1000) / measuredSteps;
    return {
      samplesPerSecond,
      gflops: (samplesPerSecond * trainingFlopsPerExample(model)) / 1e9,
      measuredSteps,
      threads: result.threads,
      stepMs: {
        total: perStep(seconds),
        batch: perStep(spent.batch),
        gradients: perStep(spent.gradients),
        guards: perStep(spent.guards),
        update: perStep(spent.update),
        bookkeeping: perStep(spent.bookkeeping),
        detail: Object.fromEntries(Object.entries(spent.detail).map(([name, value]) => [name, perStep(value)])),
      },
    };
  } finally {
    model.dispose();
    tf.disposeVariables();
  }
}
