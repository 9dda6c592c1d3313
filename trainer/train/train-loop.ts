import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import type { TrainConfig } from '../config/train-config';
import type { Dataset } from '../data/dataset';
import type { Checkpoint } from '../checkpoint/checkpoint-state';
import { restoreFromCheckpoint, saveCheckpoint } from '../checkpoint/save-checkpoint';
import { saveFuseStates } from '../fuses';
import type { AdamState } from '../optim/create-adam';
import { applyRollback } from './apply-rollback';
import { clipAndStep } from './clip-and-step';
import { createBatchSource } from './create-batch-source';
import { createProbe } from './create-probe';
import { createSnapshotProbes } from './snapshot-probes';
import { createGradientSource } from './create-gradient-source';
import { endEpoch, keepWeights, tallyStep } from './end-epoch';
import type { EpochReport } from './end-epoch';
import { guardStep } from './guard-step';
import { trimOutlierBatch } from './trim-outlier-batch';
import { createPhaseTimer } from './phase-timer';
import { emptyStepPhases } from './step-phases';
import type { StepPhases } from './step-phases';
import type { TelemetryRow } from './telemetry-row';
import { planTraining } from './train-plan';
import { captureModelState, createTrainState, disposeTrainState } from './train-state';
import type { TrainState } from './train-state';
import { TrainingInterruptedError } from './training-errors';

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
  /** The step fuses' saved state (what a snapshot holds), by fuse name. */
  fuseStates(): Record<string, unknown>;
}

export interface TrainHooks {
  onStep?: (report: StepReport) => void;
  onTelemetry?: (row: TelemetryRow) => void;
  /** Called once the gradient threads are up: how many, and why that many. */
  onThreads?: (threads: number, reason: string) => void;
  /** Called after every step with the live weights and optimizer state. */
  inspect?: (step: number, state: TrainStateView) => void;
  /** Called at the end of every epoch (training and validation loss and accuracy). */
  onEpoch?: (report: EpochReport) => void;
  /** Called after each checkpoint is written (e.g. to rewrite report.html for a long run). */
  onCheckpoint?: (dir: string) => void | Promise<void>;
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
  /** The epoch (1-based) whose weights the model holds at the end: the best by validation loss, or the last. */
  keptEpoch: number;
  /** Early stopping ended the run before the planned steps. */
  stoppedEarly: boolean;
  /** The lowest validation loss seen (null without a validation split). */
  bestValLoss: number | null;
  /** Rollbacks the run could spend (0 with rollback off). */
  rollbackBudget: number;
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
  /** A backbone's fine-tuned weights: held still before `afterStep`, then trained at `lrScale` × the LR. */
  fineTune?: FineTunePlan;
}

/** Which trainable weights are fine-tuned (in `model.trainableWeights` order), from when, how fast. */
export interface FineTunePlan {
  weights: readonly boolean[];
  afterStep: number;
  lrScale: number;
}

/**
 * Snapshots for rollback are taken only from a healthy state: no non-finite streak, no anomaly
 * under watch (one taken during an anomaly postdates its onset and could never be its target).
 */
function takeSnapshotIfDue(state: TrainState): void {
  const { guard, damage, snapshots } = state.fuses;
  const { step } = state.stream;
  if (!snapshots?.isDue(step) || guard?.getState().consecutiveSkips !== 0 || (damage?.onsetStep ?? null) !== null) return;
  const { firstMoments, secondMoments } = state.optimizer.state;
  snapshots.take(state.weights, [...firstMoments, ...secondMoments], { step, ...captureModelState(state) });
}

/**
 * Trains `model` on `dataset.train` with Adam, a warm-up + cosine schedule and the fuses the config
 * enables. One code path for every backend: gradients come from `tf.variableGrads` (on this thread
 * or averaged over helper threads), so the guards see them between backward and update.
 */
export async function trainLoop(
  model: tfl.LayersModel,
  dataset: Dataset,
  config: TrainConfig,
  hooks: TrainHooks = {},
  options: TrainOptions = {},
): Promise<TrainResult> {
  const plan = planTraining(dataset.train.count, config);
  const { fineTune } = options;
  const state = createTrainState(model, config, plan.totalSteps, fineTune?.weights.map((tuned) => (tuned ? fineTune.lrScale : 1)));
  if (options.resume) restoreFromCheckpoint(state, options.resume);
  const firstStep = state.stream.step;
  const nextBatch = createBatchSource(dataset, config, plan, state);
  const timer = createPhaseTimer(options.phases ?? emptyStepPhases());
  const gradients = await createGradientSource(model, state.params, dataset, config, options.phases);
  const probe = createProbe(model, dataset, config.probeSize, config.seed, config.labelSmoothing);
  const snapshotProbes = createSnapshotProbes(probe);
  hooks.onThreads?.(gradients.threads, gradients.reason);
  let finalLoss = Number.NaN;
  let keptEpoch = 0;
  const started = performance.now();
  try {
    while (state.stream.step < plan.totalSteps) {
      const { step } = state.stream;
      const epoch = Math.floor(step / plan.stepsPerEpoch);
      timer.time('guards', () => takeSnapshotIfDue(state));

      // batch: the next examples, with any injected fault
      const { arrays, lr, injected, events } = timer.time('batch', () => nextBatch(step));

      // gradients: forward + backward (every thread), loss, global norm, finiteness
      const gradientOptions = {
        labelSmoothing: config.labelSmoothing,
        lossScale: state.fuses.scaler?.lossScale ?? null,
        gradFactor: injected.gradFactor,
        emulateFp16: config.emulateFp16,
        step,
        ...(fineTune && step < fineTune.afterStep ? { frozen: fineTune.weights } : {}),
      };
      const result = await timer.timeAsync('gradients', () => gradients.compute(arrays, gradientOptions));
      if (fineTune && step === fineTune.afterStep && step > 0) events.push('fine-tune');
      const row: TelemetryRow = {
        step, epoch, lr,
        loss: Number.isFinite(result.loss) ? result.loss : null,
        gradNorm: Number.isFinite(result.gradNorm) ? result.gradNorm : null,
        gradNormAfter: null,
        clipThreshold: null,
        lossScale: state.fuses.scaler?.lossScale ?? null,
        skipped: false,
      };

      // guard: finite? overflow? outlier? — and, once an anomaly persists or passes, damage?
      const verdict = await timer.timeAsync('guards', () => guardStep({ fuses: state.fuses, config, probe, snapshotProbes }, step, result));

      // roll back: only for damage, to the healthiest snapshot before the onset, skipping ahead
      const { damage, outlierLimit } = verdict;
      const rollback = damage === null ? undefined : await timer.timeAsync('guards', () => applyRollback(state, snapshotProbes, plan.totalSteps, step, damage));
      events.push(...verdict.events, ...(rollback ? [rollback.event] : []));

      // trim: an outlier batch trains on its examples that fit the baseline (flipped labels stay out), or is skipped
      const trimmed = outlierLimit === null || rollback !== undefined
        ? null
        : await timer.timeAsync('gradients', () => trimOutlierBatch(model, gradients, arrays, outlierLimit, gradientOptions));
      if (outlierLimit !== null) events.push(trimmed ? `trim:kept=${trimmed.kept}/${trimmed.of}` : 'skip:outlier');
      if (trimmed) tf.dispose(result.grads);
      const applied = trimmed?.result ?? result;

      // clip + step (or count the skip)
      const skip = trimmed === null && (verdict.skip || rollback?.restored === true);
      await timer.timeAsync('update', () => clipAndStep(state, applied, lr, skip, row, events));

      // evaluate: at the end of each epoch, on the validation split (best weights, early stopping)
      const nextStep = rollback?.resumeAt ?? step + 1;
      state.stream.step = nextStep;
      tallyStep(state, result, config.batchSize);
      const endsEpoch = nextStep >= plan.totalSteps || Math.floor(nextStep / plan.stepsPerEpoch) > epoch;
      const epochReport = endsEpoch ? await timer.timeAsync('bookkeeping', () => endEpoch(state, model, dataset, config, epoch, plan.epochs)) : undefined;

      // log
      timer.time('bookkeeping', () => {
        finalLoss = result.loss;
        if (events.length > 0) row.event = events.join(' ');
        if (epochReport?.valLoss != null) Object.assign(row, { valLoss: epochReport.valLoss, valAccuracy: epochReport.valAccuracy });
        hooks.onTelemetry?.(row);
        hooks.inspect?.(step, { params: state.params, optimizer: state.optimizer.state, fuseStates: () => saveFuseStates(state.fuses.stepState) });
        hooks.onStep?.({
          step: step + 1, totalSteps: plan.totalSteps, epoch, loss: result.loss, lr,
          batchAccuracy: result.correct / config.batchSize,
          samplesPerSecond: ((step + 1) * config.batchSize) / ((performance.now() - started) / 1000),
        });
        if (epochReport) hooks.onEpoch?.(epochReport);
      });

      // checkpoint: every N steps, at each epoch end, and when asked to stop
      const { checkpoints } = options;
      if (options.stopRequested?.()) {
        if (!checkpoints) throw new Error('stop requested, but no checkpoint directory is configured');
        throw new TrainingInterruptedError(await saveCheckpoint(state, config, checkpoints.dir, checkpoints.keep), nextStep);
      }
      if (checkpoints && nextStep < plan.totalSteps && (nextStep % checkpoints.every === 0 || nextStep % plan.stepsPerEpoch === 0)) {
        const dir = await timer.timeAsync('bookkeeping', () => saveCheckpoint(state, config, checkpoints.dir, checkpoints.keep));
        await hooks.onCheckpoint?.(dir);
      }

      // stop: early, when the validation loss has not improved for `earlyStop` epochs
      if (epochReport?.stopping) break;
    }
    keptEpoch = keepWeights(state, config, Math.ceil(state.stream.step / plan.stepsPerEpoch));
  } finally {
    probe.dispose();
    disposeTrainState(state);
    await gradients.dispose();
  }
  const trainSeconds = (performance.now() - started) / 1000;
  const { step: steps, skippedSteps, clippedSteps, rollbacks, bestValLoss } = state.stream;
  const samples = (steps - firstStep) * config.batchSize; // this process's share, for throughput
  return {
    steps, updates: state.model.updates, epochs: steps / plan.stepsPerEpoch,
    samples, trainSeconds, samplesPerSecond: samples / trainSeconds,
    finalLoss, skippedSteps, clippedSteps, rollbacks, threads: gradients.threads,
    keptEpoch, stoppedEarly: steps < plan.totalSteps, bestValLoss, rollbackBudget: state.fuses.rollback?.budget ?? 0,
  };
}
