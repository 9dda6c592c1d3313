import { createAugmenter, isIdentityAugment, parseAugment } from '../data/create-augmenter';
import type { Dataset } from '../data/dataset';
import type { TrainConfig } from '../config/train-config';
import { applyPixelInjection, flipLabels } from '../inject';
import type { StepInjections } from '../inject';
import { shuffledIndices } from './create-rng';
import { learningRateAt } from './learning-rate-at';
import { nextBatchArrays } from './next-batch';
import type { BatchArrays } from './next-batch';
import type { TrainPlan } from './train-plan';
import type { TrainState } from './train-state';

/** One step's input: the batch (augmented, with any injected fault), its learning rate and what was injected. */
export interface StepBatch {
  arrays: BatchArrays;
  /** Scheduled LR × injected factor × the rollback policy's backoff. */
  lr: number;
  injected: StepInjections;
  /** `inject:<spec>` for every injection that starts at this step. */
  events: string[];
}

/**
 * The batch of each data step. Each epoch's order is shuffled from the data RNG (also across
 * steps skipped by a rollback), so the stream depends only on the step and the saved RNG state.
 */
export function createBatchSource(dataset: Dataset, config: TrainConfig, plan: TrainPlan, state: TrainState): (step: number) => StepBatch {
  const { train, labels, preprocessing } = dataset;
  const numClasses = labels.length;
  const augmentSpec = parseAugment(config.augment);
  const augmentPixels = isIdentityAugment(augmentSpec) ? undefined : createAugmenter(augmentSpec, dataset.input, state.rngs.augment);
  return (step) => {
    const epoch = Math.floor(step / plan.stepsPerEpoch);
    for (; state.stream.orderEpoch < epoch; state.stream.orderEpoch++) state.order = shuffledIndices(train.count, state.rngs.data);
    const injected = plan.injections.injectionsAt(step);
    const start = (step % plan.stepsPerEpoch) * config.batchSize;
    const arrays = nextBatchArrays(train, preprocessing, numClasses, state.order, start, config.batchSize, {
      ...(augmentPixels ? { augmentPixels } : {}),
      transformImages: (images) => applyPixelInjection(images, injected),
      transformTargets: (targets) =>
        injected.labelFlipFraction > 0 ? flipLabels(targets, numClasses, injected.labelFlipFraction, state.rngs.inject) : targets,
    });
    const lr = learningRateAt(step, plan.schedule) * injected.lrFactor * (state.fuses.rollback?.lrScale ?? 1);
    const events = injected.active.filter((active) => active.firstStep === step).map((active) => `inject:${active.spec.source}`);
    return { arrays, lr, injected, events };
  };
}
