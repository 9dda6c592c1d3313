import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { z } from 'zod';
import type { TrainConfig } from '../config/train-config';
import { createFuseSet, loadFuseStates, saveFuseStates } from '../fuses';
import type { FuseSet } from '../fuses';
import { createAdam } from '../optim/create-adam';
import type { Adam } from '../optim/create-adam';
import { createRng } from './create-rng';
import type { SeededRng } from './create-rng';

/**
 * Everything a training step depends on, listed once. Checkpoints save all of it; an in-memory
 * snapshot saves the `ModelState` part, which is what a rollback restores:
 *
 * | part | what | checkpoint | snapshot / rollback |
 * | --- | --- | --- | --- |
 * | model | every model weight, Adam's moments and step, updates applied, the step fuses (guard, scaler, spike detector, damage monitor, clipper) | ✓ | ✓ |
 * | stream | the next data step, the data order, the RNGs, the run's tallies, the rollback budget, the best epoch so far (and its weights) | ✓ | — (the data stream never rewinds) |
 */
export interface TrainState {
  /** Every weight of the model (trainable or not), in `model.weights` order. */
  readonly weights: readonly tf.Variable[];
  /** The trainable weights, which Adam updates. */
  readonly params: readonly tf.Variable[];
  readonly optimizer: Adam;
  readonly fuses: FuseSet<ModelStateMeta>;
  readonly rngs: Readonly<Record<RngName, SeededRng>>;
  /** The shuffled example order of epoch `stream.orderEpoch`. */
  order: Uint32Array;
  model: ModelCounters;
  stream: StreamCounters;
  /** The weights at the end of epoch `stream.bestEpoch` (lowest validation loss), or null. */
  best: tf.Tensor[] | null;
}

/** The seeded random streams of a run: data order, fault injection, augmentation. */
export const RNG_NAMES = ['data', 'inject', 'augment'] as const;
export type RngName = (typeof RNG_NAMES)[number];

const count = z.number().int().nonnegative();

/** The plain part of `ModelState` (the tensors travel beside it). */
const modelCountersSchema = z
  .object({
    /** Adam's step (bias correction). */
    adamStep: count,
    /** Optimizer updates applied (steps minus skipped ones, minus those undone by rollbacks). */
    updates: count,
  })
  .strict();
export type ModelCounters = z.infer<typeof modelCountersSchema>;

/** What moves with the weights: restored by a rollback and by `--resume`. */
export const modelStateSchema = modelCountersSchema.extend({ fuses: z.record(z.string(), z.unknown()) }).strict();
export type ModelState = z.infer<typeof modelStateSchema>;

/** A snapshot's meta: the model state and the data step it was taken at. */
export type ModelStateMeta = ModelState & { step: number };

const streamCountersSchema = z
  .object({
    /** The next data step to run. */
    step: count,
    /** The epoch whose shuffled order `order` holds (-1 before the first). */
    orderEpoch: z.number().int().min(-1),
    skippedSteps: count,
    clippedSteps: count,
    rollbacks: count,
    /** The current epoch's training loss and hits so far (for its Keras-style line). */
    epochTally: z.object({ lossSum: z.number(), steps: count, correct: count, examples: count }).strict(),
    /** The epoch (0-based) with the lowest validation loss so far, -1 before the first validation. */
    bestEpoch: z.number().int().min(-1),
    bestValLoss: z.number().nullable(),
    /** Validations since the best one (early stopping's patience counter). */
    epochsSinceBest: count,
  })
  .strict();
export type StreamCounters = z.infer<typeof streamCountersSchema>;

/** What only a checkpoint restores: the position in the data stream and the run's tallies. */
export const streamStateSchema = streamCountersSchema
  .extend({
    rng: z.object({ data: z.number().int(), inject: z.number().int(), augment: z.number().int() }).strict(),
    /** The run-level fuses' states (the rollback budget). */
    fuses: z.record(z.string(), z.unknown()),
  })
  .strict();
export type StreamState = z.infer<typeof streamStateSchema>;

/** The whole state as checkpoints store it: JSON, the tensors in `tensorsOf` order, the best weights, and the data order. */
export interface SavedTrainState {
  model: ModelState;
  stream: StreamState;
  tensors: Float32Array[];
  /** The best epoch's weights, in `weights` order (empty when there is no best epoch yet). */
  best: Float32Array[];
  order: Uint32Array;
}

/**
 * A fresh state for `model`: Adam's moments at zero, seeded RNGs, the fuses `config` asks for
 * (sized for `totalSteps`). `lrScales` (one per trainable weight) gives some weights their own
 * learning rate.
 */
export function createTrainState(model: tfl.LayersModel, config: TrainConfig, totalSteps = 0, lrScales?: readonly number[]): TrainState {
  // LayerVariable.read() returns the backing tf.Variable (typed as Tensor by tfjs-layers).
  const weights = model.weights.map((weight) => weight.read() as tf.Variable);
  const params = model.trainableWeights.map((weight) => weight.read() as tf.Variable);
  // One stream each, from the run's seed, so that e.g. augmentation never shifts the data order.
  const rngs = { data: createRng(config.seed), inject: createRng(config.seed ^ 0x5eed), augment: createRng(config.seed ^ 0xa06) };
  return {
    weights,
    params,
    optimizer: createAdam(params, lrScales ? { lrScales } : {}),
    fuses: createFuseSet<ModelStateMeta>(config, totalSteps),
    rngs,
    order: new Uint32Array(0),
    model: { adamStep: 0, updates: 0 },
    stream: {
      step: 0, orderEpoch: -1, skippedSteps: 0, clippedSteps: 0, rollbacks: 0,
      epochTally: { lossSum: 0, steps: 0, correct: 0, examples: 0 }, bestEpoch: -1, bestValLoss: null, epochsSinceBest: 0,
    },
    best: null,
  };
}

/** The variables a state saves, in order: every weight, then Adam's first and second moments. */
export function tensorsOf(state: TrainState): { kind: 'weight' | 'adam-m' | 'adam-v'; variable: tf.Variable }[] {
  const { firstMoments, secondMoments } = state.optimizer.state;
  return [
    ...state.weights.map((variable) => ({ kind: 'weight' as const, variable })),
    ...firstMoments.map((variable) => ({ kind: 'adam-m' as const, variable })),
    ...secondMoments.map((variable) => ({ kind: 'adam-v' as const, variable })),
  ];
}

/** The model part's plain data (the tensors are saved by the caller). */
export function captureModelState(state: TrainState): ModelState {
  return { ...state.model, adamStep: state.optimizer.state.step, fuses: saveFuseStates(state.fuses.stepState) };
}

/** Restores the model part's plain data (the caller restores the tensors). */
export function restoreModelState(state: TrainState, saved: ModelState): void {
  const { fuses, ...counters } = modelStateSchema.parse(saved);
  loadFuseStates(state.fuses.stepState, fuses);
  state.optimizer.state.step = counters.adamStep;
  state.model = counters;
}

/** The whole state, for a checkpoint. Reads every tensor (asynchronously: GPU backends cannot read synchronously). */
export async function captureTrainState(state: TrainState): Promise<SavedTrainState> {
  const { data, inject, augment } = state.rngs;
  return {
    model: captureModelState(state),
    stream: {
      ...state.stream,
      rng: { data: data.getState(), inject: inject.getState(), augment: augment.getState() },
      fuses: saveFuseStates(state.fuses.runState),
    },
    tensors: (await Promise.all(tensorsOf(state).map(({ variable }) => variable.data()))) as Float32Array[],
    best: (await Promise.all((state.best ?? []).map((tensor) => tensor.data()))) as Float32Array[],
    order: state.order,
  };
}

/**
 * Puts `saved` back into `state`, bit for bit: tensors, model and stream parts. Throws naming the
 * tensor when a shape differs (a checkpoint of another model).
 */
export function restoreTrainState(state: TrainState, saved: SavedTrainState, origin: string): void {
  const targets = tensorsOf(state);
  if (saved.tensors.length !== targets.length) {
    throw new Error(`${origin}: holds ${saved.tensors.length} tensors, this model and optimizer need ${targets.length}`);
  }
  targets.forEach(({ variable }, index) => {
    const values = saved.tensors[index];
    if (values === undefined || values.length !== variable.size) {
      throw new Error(`${origin}: tensor ${index} (${variable.name}) holds ${values?.length ?? 0} values, the model needs [${variable.shape.join(', ')}]`);
    }
    const value = tf.tensor(values, variable.shape);
    variable.assign(value);
    value.dispose();
  });
  restoreModelState(state, saved.model);
  const { rng, fuses, ...counters } = streamStateSchema.parse(saved.stream);
  for (const name of RNG_NAMES) state.rngs[name].restore(rng[name]);
  loadFuseStates(state.fuses.runState, fuses);
  state.stream = counters;
  state.order = saved.order;
  if (saved.best.length !== (counters.bestEpoch >= 0 ? state.weights.length : 0)) {
    throw new Error(`${origin}: holds ${saved.best.length} best-epoch tensors, epoch ${counters.bestEpoch} needs ${counters.bestEpoch >= 0 ? state.weights.length : 0}`);
  }
  keepBest(state, saved.best.map((values, index) => tf.tensor(values, state.weights[index]?.shape)));
}

/** Makes `tensors` (owned from now on) the best epoch's weights, freeing the previous ones. */
export function keepBest(state: TrainState, tensors: tf.Tensor[] | null): void {
  if (state.best) tf.dispose(state.best);
  state.best = tensors === null || tensors.length === 0 ? null : tensors.map((tensor) => tf.keep(tensor));
}

/** Frees the optimizer's moments and the snapshots (the weights belong to the model). */
export function disposeTrainState(state: TrainState): void {
  state.optimizer.dispose();
  state.fuses.dispose();
  keepBest(state, null);
}
