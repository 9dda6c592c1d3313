import type { TrainConfig } from '../config/train-config';
import { parseInject, resolveInjections } from '../inject';
import type { InjectionSchedule } from '../inject';
import type { LearningRateSchedule } from './learning-rate-at';

/** The shape of a run on the step axis, fixed before the first step. */
export interface TrainPlan {
  stepsPerEpoch: number;
  /** Steps this run takes (`maxSteps` may cut the schedule short). */
  totalSteps: number;
  /** Epochs the run spans (the last may be partial). */
  epochs: number;
  /** Warm-up + cosine over every scheduled epoch. */
  schedule: LearningRateSchedule;
  injections: InjectionSchedule;
}

/** Plans a run of `config` over `trainCount` examples; throws when one batch does not fit. */
export function planTraining(trainCount: number, config: TrainConfig): TrainPlan {
  const stepsPerEpoch = Math.floor(trainCount / config.batchSize);
  if (stepsPerEpoch === 0) {
    throw new Error(`batch size ${config.batchSize} is larger than the training set (${trainCount} examples)`);
  }
  const scheduledSteps = stepsPerEpoch * config.epochs;
  const totalSteps = config.maxSteps > 0 ? Math.min(config.maxSteps, scheduledSteps) : scheduledSteps;
  return {
    stepsPerEpoch,
    totalSteps,
    epochs: Math.ceil(totalSteps / stepsPerEpoch),
    schedule: { peak: config.lr, warmupSteps: config.warmupSteps, totalSteps: scheduledSteps, minRatio: config.minLrRatio },
    injections: resolveInjections(config.inject.map(parseInject), totalSteps),
  };
}
