import type { TrainConfig } from '../config/train-config';
import { configHash } from '../config/config-hash';
import { captureTrainState, tensorsOf } from '../train/train-state';
import type { TrainState } from '../train/train-state';
import type { Checkpoint } from './checkpoint-state';
import { BEST_PREFIX } from './checkpoint-state';
import { writeCheckpoint } from './write-checkpoint';
import { restoreTrainState } from '../train/train-state';

/** Writes a checkpoint of `state` (to continue at `state.stream.step`) under `dir`, keeping the newest `keep`. */
export async function saveCheckpoint(state: TrainState, config: TrainConfig, dir: string, keep: number): Promise<string> {
  const tensors = [
    ...tensorsOf(state).map(({ kind, variable }) => ({ name: `${kind}:${variable.name}`, shape: variable.shape })),
    ...(state.best ?? []).map((tensor, index) => ({ name: `${BEST_PREFIX}${state.weights[index]?.name ?? index}`, shape: tensor.shape })),
  ];
  return writeCheckpoint(dir, { saved: await captureTrainState(state), tensors, config: { ...config }, configHash: configHash(config) }, keep);
}

/** Continues from `checkpoint` exactly: weights, Adam, RNGs, data order, fuses, counters. */
export function restoreFromCheckpoint(state: TrainState, checkpoint: Checkpoint): void {
  restoreTrainState(state, checkpoint.saved, checkpoint.dir);
}
