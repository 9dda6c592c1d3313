import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import type { TrainConfig } from '../config/train-config';
import type { Dataset } from '../data/dataset';
import { keepBest } from './train-state';
import type { TrainState } from './train-state';
import { validate } from './validate';

/** What the loop reports at the end of every epoch (the line Keras prints). */
export interface EpochReport {
  /** 1-based. */
  epoch: number;
  epochs: number;
  /** Data steps consumed so far. */
  step: number;
  /** Mean training loss and accuracy over the epoch's steps with a finite loss. */
  loss: number;
  accuracy: number;
  /** On the validation split; null without one. */
  valLoss: number | null;
  valAccuracy: number | null;
  /** This epoch has the lowest validation loss so far (its weights are kept). */
  best: boolean;
  /** Early stopping ends the run after this epoch. */
  stopping: boolean;
}

/**
 * Closes epoch `epoch` (0-based): reads the epoch's training tally, scores the validation split,
 * keeps the weights when the validation loss is the lowest so far, and counts the epochs without
 * improvement for `--early-stop`. The test split is never read here.
 */
export async function endEpoch(state: TrainState, model: tfl.LayersModel, dataset: Dataset, config: TrainConfig, epoch: number, epochs: number): Promise<EpochReport> {
  const { lossSum, steps, correct, examples } = state.stream.epochTally;
  state.stream.epochTally = { lossSum: 0, steps: 0, correct: 0, examples: 0 };
  const report = {
    epoch: epoch + 1, epochs, step: state.stream.step,
    loss: steps === 0 ? Number.NaN : lossSum / steps, accuracy: examples === 0 ? 0 : correct / examples,
  };
  const { validation } = dataset;
  if (validation === undefined || validation.count === 0) return { ...report, valLoss: null, valAccuracy: null, best: false, stopping: false };
  const { loss, accuracy } = await validate(model, validation, dataset.preprocessing, dataset.labels.length, config.labelSmoothing);
  const { bestValLoss } = state.stream;
  const best = Number.isFinite(loss) && (bestValLoss === null || loss < bestValLoss);
  if (best) {
    state.stream.bestEpoch = epoch;
    state.stream.bestValLoss = loss;
    state.stream.epochsSinceBest = 0;
    keepBest(state, state.weights.map((weight) => tf.clone(weight)));
  } else {
    state.stream.epochsSinceBest++;
  }
  const stopping = config.earlyStop > 0 && state.stream.epochsSinceBest >= config.earlyStop;
  return { ...report, valLoss: loss, valAccuracy: accuracy, best, stopping };
}

/** Adds one step to the epoch's training tally (steps with a non-finite loss are left out). */
export function tallyStep(state: TrainState, result: { loss: number; correct: number }, batchSize: number): void {
  if (!Number.isFinite(result.loss)) return;
  const tally = state.stream.epochTally;
  state.stream.epochTally = { lossSum: tally.lossSum + result.loss, steps: tally.steps + 1, correct: tally.correct + result.correct, examples: tally.examples + batchSize };
}

/**
 * The end of training: with `keep: 'best'` the model gets the weights of the epoch with the
 * lowest validation loss; otherwise (or without validation) it keeps its last, `lastEpoch`
 * (1-based). Returns the kept epoch, 1-based.
 */
export function keepWeights(state: TrainState, config: TrainConfig, lastEpoch: number): number {
  if (config.keep !== 'best' || state.best === null) return lastEpoch;
  const best = state.best;
  state.weights.forEach((weight, index) => {
    const saved = best[index];
    if (saved !== undefined) weight.assign(saved);
  });
  return state.stream.bestEpoch + 1;
}
