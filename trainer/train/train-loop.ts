import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import type { TrainConfig } from '../config/train-config';
import type { Dataset } from '../data/dataset';
import { createAugmenter, isIdentityAugment, parseAugment } from '../data/create-augmenter';
import { applyPixelInjection, flipLabels, parseInject, resolveInjections } from '../inject';
import { createAdam } from '../optim/create-adam';
import type { AdamState } from '../optim/create-adam';
import { createParallelGradientSource } from '../parallel/create-parallel-gradient-source';
import { resolveThreads } from '../parallel/resolve-threads';
import { createLocalGradientSource } from './gradient-source';
import type { GradientSource } from './gradient-source';
import { createFuseSet } from './create-fuse-set';
import { createRng, shuffledIndices } from './create-rng';
import { learningRateAt } from './learning-rate-at';
import { nextBatchArrays } from './next-batch';
import type { TelemetryRow } from './telemetry-row';
import { emptyStepPhases } from './step-phases';
import type { StepPhases } from './step-phases';
import { CHECKPOINT_FORMAT } from '../checkpoint/checkpoint-state';
import type { Checkpoint } from '../checkpoint/checkpoint-state';
import { writeCheckpoint } from '../checkpoint/write-checkpoint';
import { configHash } from '../config/config-hash';

/** What the loop reports after every step, for progress displays. */
export interface StepReport {
  /** Steps of the data stream consumed so far (1-based after the first step). */
  step: number;
  totalSteps: number;
  epoch: number;
  loss: number;
  /** Fraction of the batch predicted right. */
  batchAccuracy: number;
  lr: number;
  samplesPerSecond: number;
}

/** The live training state, for tests and debugging tools (read it, don't keep it). */
export interface TrainStateView {
  params: readonly tf.Variable[];
  optimizer: AdamState;
}

export interface TrainHooks {
  onStep?: (report: StepReport) => void;
  onTelemetry?: (row: TelemetryRow) => void;
  /** Called once the gradient threads are up: how many, and why that many. */
  onThreads?: (threads: number, reason: string) => void;
  /** Called after every step with the live weights and optimizer state. */
  inspect?: (step: number, state: TrainStateView) => void;
}

/** The outcome of `trainLoop`. */
export interface TrainResult {
  /** Steps of the data stream consumed. */
  steps: number;
  /** Optimizer updates applied (steps minus skipped ones, minus those undone by rollbacks). */
  updates: number;
  epochs: number;
  samples: number;
  /** Seconds spent in the loop (batching, forward, backward, guards, update). */
  trainSeconds: number;
  samplesPerSecond: number;
  finalLoss: number;
  skippedSteps: number;
  clippedSteps: number;
  rollbacks: number;
  /** Threads that computed each batch's gradients. */
  threads: number;
}

/** Training stopped by a fuse (too many non-finite steps, or rollbacks exhausted). */
export class TrainingHaltedError extends Error {
  override readonly name = 'TrainingHaltedError';
}

/** Training stopped on request (SIGINT) after saving a checkpoint to `checkpointDir`. */
export class TrainingInterruptedError extends Error {
  override readonly name = 'TrainingInterruptedError';
  constructor(readonly checkpointDir: string, readonly step: number) {
    super(`interrupted: checkpoint saved at step ${step} (${checkpointDir})`);
  }
}

/** Crash safety: where and how often to checkpoint, and a run to continue. */
export interface TrainOptions {
  /** Continue exactly from this checkpoint (weights, Adam, RNGs, data order, fuses, counters). */
  resume?: Checkpoint;
  /** Write checkpoints to `dir` every `every` steps and at each epoch end; keep the newest `keep`. */
  checkpoints?: { dir: string; every: number; keep: number };
  /** Polled after every step; when true, a checkpoint is written and the loop stops. */
  stopRequested?: () => boolean;
  /** Adds the seconds spent in each phase of each step to this object (for benchmarks). */
  phases?: StepPhases;
}

/**
 * Trains `model` on `dataset.train` with Adam, a warm-up + cosine schedule and the fuses the config
 * enables. One code path for every backend: gradients come from `tf.variableGrads`, so the guards
 * see them between backward and update.
 */
export async function trainLoop(
  model: tfl.LayersModel,
  dataset: Dataset,
  config: TrainConfig,
  hooks: TrainHooks = {},
  options: TrainOptions = {},
): Promise<TrainResult> {
  const { train, labels, preprocessing } = dataset;
  const numClasses = labels.length;
  const stepsPerEpoch = Math.floor(train.count / config.batchSize);
  if (stepsPerEpoch === 0) {
    throw new Error(`batch size ${config.batchSize} is larger than the training set (${train.count} examples)`);
  }
  const scheduledSteps = stepsPerEpoch * config.epochs;
  const totalSteps = config.maxSteps > 0 ? Math.min(config.maxSteps, scheduledSteps) : scheduledSteps;
  const schedule = { peak: config.lr, warmupSteps: config.warmupSteps, totalSteps: scheduledSteps, minRatio: config.minLrRatio };
  const injections = resolveInjections(config.inject.map(parseInject), totalSteps);
  // LayerVariable.read() returns the backing tf.Variable (typed as Tensor by tfjs-layers).
  const params = model.trainableWeights.map((weight) => weight.read() as tf.Variable);
  const optimizer = createAdam(params);
  const optimizerVars = [...optimizer.state.firstMoments, ...optimizer.state.secondMoments];
  const fuses = createFuseSet(config);
  const augmentSpec = parseAugment(config.augment);
  const augmentRng = createRng(config.seed ^ 0xa06);
  const augmentPixels = isIdentityAugment(augmentSpec) ? undefined : createAugmenter(augmentSpec, dataset.input, augmentRng);
  const dataRng = createRng(config.seed);
  const injectRng = createRng(config.seed ^ 0x5eed);

  let finalLoss = Number.NaN;
  let skippedSteps = 0;
  let clippedSteps = 0;
  let rollbacks = 0;
  let updates = 0;
  let spikeOnset: number | null = null;
  let order: Uint32Array = new Uint32Array(0);
  let orderEpoch = -1;
  let firstStep = 0;
  const { resume } = options;
  if (resume) {
    // restore: everything the next step depends on, bit for bit
    const { state } = resume;
    const variables = [...params, ...optimizerVars];
    if (state.tensors.length !== variables.length) {
      throw new Error(`${resume.dir}: checkpoint holds ${state.tensors.length} tensors, this model and optimizer need ${variables.length}`);
    }
    variables.forEach((variable, index) => {
      const saved = state.tensors[index];
      if (saved === undefined || saved.shape.join('x') !== variable.shape.join('x')) {
        throw new Error(`${resume.dir}: tensor ${index} is [${saved?.shape.join(', ')}], the model has [${variable.shape.join(', ')}]`);
      }
      const value = tf.tensor(resume.tensors[index] as Float32Array, variable.shape);
      variable.assign(value);
      value.dispose();
    });
    optimizer.state.step = state.adamStep;
    dataRng.restore(state.rng.data);
    injectRng.restore(state.rng.inject);
    augmentRng.restore(state.rng.augment);
    fuses.loadState(state.fuses);
    if (state.rollbackPolicy !== undefined) fuses.rollback?.loadState(state.rollbackPolicy);
    ({ updates, skippedSteps, clippedSteps, rollbacks, spikeOnset, orderEpoch } = state);
    order = resume.order;
    firstStep = state.step;
  }

  /** Saves everything needed to continue at `nextStep`. */
  const saveCheckpoint = async (nextStep: number): Promise<string> => {
    if (!options.checkpoints) throw new Error('no checkpoint directory configured');
    const variables = [...params, ...optimizerVars];
    return writeCheckpoint(
      options.checkpoints.dir,
      {
        formatVersion: CHECKPOINT_FORMAT,
        step: nextStep, updates, skippedSteps, clippedSteps, rollbacks, spikeOnset, orderEpoch,
        adamStep: optimizer.state.step,
        rng: { data: dataRng.getState(), inject: injectRng.getState(), augment: augmentRng.getState() },
        fuses: fuses.saveState(),
        ...(fuses.rollback ? { rollbackPolicy: fuses.rollback.getState() } : {}),
        config: { ...config },
        configHash: configHash(config),
        tensors: variables.map((variable, index) => ({ name: `${index < params.length ? 'param' : 'adam'}:${variable.name}`, shape: variable.shape })),
      },
      variables.map((variable) => variable.dataSync() as Float32Array),
      order,
      options.checkpoints.keep,
    );
  };

  const phases = options.phases ?? emptyStepPhases();
  const threadPlan = resolveThreads(config.threads, tf.getBackend(), config.batchSize);
  const gradients: GradientSource = threadPlan.threads > 1
    ? await createParallelGradientSource(model, params, {
      threads: threadPlan.threads,
      batchSize: config.batchSize,
      imageShape: [dataset.input.height, dataset.input.width, dataset.input.channels],
      numClasses,
      phases: phases.detail,
    })
    : createLocalGradientSource(model, params);
  hooks.onThreads?.(gradients.threads, threadPlan.reason);
  let mark = performance.now();
  /** Adds the time since the last mark to `phase`. */
  const lap = (phase: Exclude<keyof StepPhases, 'detail'>): void => {
    const now = performance.now();
    phases[phase] += (now - mark) / 1000;
    mark = now;
  };
  const started = performance.now();
  try {
    for (let step = firstStep; step < totalSteps; step++) {
      const epoch = Math.floor(step / stepsPerEpoch);
      const batchIndex = step % stepsPerEpoch;
      for (; orderEpoch < epoch; orderEpoch++) order = shuffledIndices(train.count, dataRng); // also across skips

      lap('bookkeeping');
      // snapshot: weights + Adam state + fuse state, only from a healthy state
      const guardState = fuses.guard?.getState();
      if (fuses.snapshots?.isDue(step) && guardState?.consecutiveSkips === 0 && spikeOnset === null) {
        fuses.snapshots.take(params, optimizerVars, { step, adamStep: optimizer.state.step, updates, fuses: fuses.saveState() });
      }

      lap('guards');
      // batch (with any injected fault)
      const injected = injections.injectionsAt(step);
      const batch = nextBatchArrays(train, preprocessing, numClasses, order, batchIndex * config.batchSize, config.batchSize, {
        ...(augmentPixels ? { augmentPixels } : {}),
        transformImages: (images) => applyPixelInjection(images, injected),
        transformTargets: (targets) =>
          injected.labelFlipFraction > 0 ? flipLabels(targets, numClasses, injected.labelFlipFraction, injectRng) : targets,
      });
      const lr = learningRateAt(step, schedule) * injected.lrFactor * (fuses.rollback?.lrScale ?? 1);
      const events = injected.active.filter((active) => active.firstStep === step).map((active) => `inject:${active.spec.source}`);

      lap('batch');
      // forward / backward
      const result = await gradients.compute(batch, {
        labelSmoothing: config.labelSmoothing,
        lossScale: fuses.scaler?.lossScale ?? null,
        gradFactor: injected.gradFactor,
        emulateFp16: config.emulateFp16,
        step,
      });
      let grads = result.grads;
      const row: TelemetryRow = {
        step, epoch, lr,
        loss: Number.isFinite(result.loss) ? result.loss : null,
        gradNorm: Number.isFinite(result.gradNorm) ? result.gradNorm : null,
        gradNormAfter: null,
        clipThreshold: null,
        lossScale: fuses.scaler?.lossScale ?? null,
        skipped: false,
      };

      lap('gradients');
      // guard: finite? (loss scaler first: an overflow is its signal to back off)
      let skip = false;
      let rollbackFrom: number | null = null;
      let resumeAt = step + 1;
      if (fuses.scaler?.update(!result.finite).skipStep) {
        skip = true;
        events.push('overflow');
      }
      if (fuses.guard) {
        const decision = fuses.guard.observe(step, result.finite);
        if (decision.action === 'stop') throw new TrainingHaltedError(decision.message);
        if (decision.action === 'skip') {
          skip = true;
          events.push('skip:nonfinite');
          const firstSkipped = fuses.guard.getState().firstSkippedStep ?? step;
          if (fuses.rollback && decision.consecutiveSkips >= config.rollbackAfterSkips) rollbackFrom = firstSkipped;
        }
      }

      // guard: loss spike?
      if (fuses.spikes && result.finite && !skip) {
        const spike = fuses.spikes.observe(step, result.loss);
        spikeOnset = spike.consecutiveOutliers > 0 ? spike.onsetStep : null;
        if (spike.spike) rollbackFrom = spike.onsetStep ?? step;
      }

      if (rollbackFrom !== null && fuses.rollback && fuses.snapshots) {
        // roll back: restore weights + optimizer + fuse state from before the onset; the data
        // stream goes on, so the batches consumed since the snapshot are skipped, and so are the
        // next `rollbackSkipSteps` (a bad stretch of data or schedule is passed over, as in PaLM).
        const decision = fuses.rollback.decide({ step, onsetStep: rollbackFrom }, fuses.snapshots.snapshots.map((snapshot) => snapshot.meta.step));
        if (decision.action === 'stop') throw new TrainingHaltedError(decision.message);
        const snapshot = fuses.snapshots.snapshots.find((candidate) => candidate.meta.step === decision.snapshotStep);
        if (snapshot === undefined) throw new Error(`rollback chose snapshot ${decision.snapshotStep}, which is not kept`);
        fuses.snapshots.restore(snapshot);
        fuses.snapshots.discardAfter(decision.snapshotStep);
        optimizer.state.step = snapshot.meta.adamStep as number;
        updates = snapshot.meta.updates as number;
        fuses.loadState(snapshot.meta.fuses as Record<string, unknown>);
        spikeOnset = null;
        rollbacks++;
        skip = true;
        resumeAt = Math.min(totalSteps, step + 1 + config.rollbackSkipSteps);
        events.push(`rollback:restore@${decision.snapshotStep},resume@${resumeAt}`);
      }

      lap('guards');
      // clip, then step
      if (skip) {
        skippedSteps++;
        row.skipped = true;
      } else {
        const clip = await fuses.clip(grads, result.gradNorm, params);
        grads = clip.grads;
        row.clipThreshold = clip.threshold;
        row.gradNormAfter = Number.isFinite(clip.normAfter) ? clip.normAfter : null;
        if (clip.clipped) {
          clippedSteps++;
          events.push('clip');
        }
        optimizer.applyGradients(grads, lr);
        updates++;
        fuses.rollback?.observeCleanStep();
      }
      tf.dispose(grads);
      lap('update');

      // log
      finalLoss = result.loss;
      if (events.length > 0) row.event = events.join(' ');
      hooks.onTelemetry?.(row);
      hooks.inspect?.(step, { params, optimizer: optimizer.state });
      const elapsedSeconds = (performance.now() - started) / 1000;
      hooks.onStep?.({
        step: step + 1,
        totalSteps,
        epoch,
        loss: result.loss,
        batchAccuracy: result.correct / config.batchSize,
        lr,
        samplesPerSecond: ((step + 1) * config.batchSize) / elapsedSeconds,
      });
      step = resumeAt - 1; // the for loop's step++ lands on resumeAt

      // checkpoint: every N steps, at each epoch end, and when asked to stop
      const nextStep = step + 1;
      const { checkpoints } = options;
      if (options.stopRequested?.()) {
        const dir = await saveCheckpoint(nextStep);
        throw new TrainingInterruptedError(dir, nextStep);
      }
      if (checkpoints && nextStep < totalSteps && (nextStep % checkpoints.every === 0 || nextStep % stepsPerEpoch === 0)) {
        await saveCheckpoint(nextStep);
      }
    }
  } finally {
    optimizer.dispose();
    fuses.dispose();
    await gradients.dispose();
  }
  const trainSeconds = (performance.now() - started) / 1000;
  const samples = (totalSteps - firstStep) * config.batchSize; // this process's share, for throughput
  return {
    steps: totalSteps,
    updates,
    epochs: totalSteps / stepsPerEpoch,
    samples,
    trainSeconds,
    samplesPerSecond: samples / trainSeconds,
    finalLoss,
    skippedSteps,
    clippedSteps,
    rollbacks,
    threads: gradients.threads,
  };
}
