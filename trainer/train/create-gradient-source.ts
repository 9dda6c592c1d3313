import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import type { TrainConfig } from '../config/train-config';
import type { Dataset } from '../data/dataset';
import { createParallelGradientSource } from '../parallel/create-parallel-gradient-source';
import { resolveThreads } from '../parallel/resolve-threads';
import { createLocalGradientSource } from './gradient-source';
import type { GradientSource } from './gradient-source';
import type { StepPhases } from './step-phases';

/**
 * The gradient source `config.threads` asks for on the active backend: helper threads that each
 * compute a shard of every batch, or this thread alone. `reason` says why that many threads.
 */
export async function createGradientSource(
  model: tfl.LayersModel,
  params: readonly tf.Variable[],
  dataset: Dataset,
  config: TrainConfig,
  phases?: StepPhases,
): Promise<GradientSource & { reason: string }> {
  const plan = resolveThreads(config.threads, tf.getBackend(), config.batchSize);
  if (plan.threads <= 1) return Object.assign(createLocalGradientSource(model, params), { reason: plan.reason });
  const { height, width, channels } = dataset.input;
  const source = await createParallelGradientSource(model, params, {
    threads: plan.threads,
    batchSize: config.batchSize,
    imageShape: [height, width, channels],
    numClasses: dataset.labels.length,
    ...(phases ? { phases: phases.detail } : {}),
  });
  return Object.assign(source, { reason: plan.reason });
}
