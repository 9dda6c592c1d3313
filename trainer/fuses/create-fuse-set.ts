import type { TrainConfig } from '../config/train-config';
import { createClipper } from './create-clipper';
import type { Clipper } from './create-clipper';
import { createLossScaler } from './create-loss-scaler';
import type { LossScaler } from './create-loss-scaler';
import { createNonFiniteGuard } from './create-non-finite-guard';
import type { NonFiniteGuard } from './create-non-finite-guard';
import { createRollbackPolicy } from './create-rollback-policy';
import type { RollbackPolicy } from './create-rollback-policy';
import { createSnapshotStore } from './create-snapshot-store';
import type { SnapshotStore } from './create-snapshot-store';
import { createSpikeDetector } from './create-spike-detector';
import type { SpikeDetector } from './create-spike-detector';
import type { StatefulFuses } from './stateful-fuse';

/** The fuses whose state moves with the weights: a rollback restores them with the snapshot. */
export interface StepFuses {
  guard?: NonFiniteGuard;
  scaler?: LossScaler;
  spikes?: SpikeDetector;
  clipper: Clipper;
}

/** The fuses a run uses, built from its config. Absent members are switched off. */
export interface FuseSet<Meta extends { step: number } = { step: number }> extends Readonly<StepFuses> {
  /** Bounded rollback with LR backoff; its budget belongs to the run, so a rollback never restores it. */
  readonly rollback?: RollbackPolicy;
  readonly snapshots?: SnapshotStore<Meta>;
  /** Every member of `StepFuses` that is on, by name: what snapshots and checkpoints save. */
  readonly stepState: StatefulFuses;
  /** The fuses whose state only checkpoints save (the rollback budget), by name. */
  readonly runState: StatefulFuses;
  dispose(): void;
}

/** The members of `fuses` that are on, by name (the set's saved state is built from this, so none is forgotten). */
function present(fuses: StepFuses | { rollback?: RollbackPolicy }): StatefulFuses {
  return Object.fromEntries(Object.entries(fuses).filter(([, fuse]) => fuse !== undefined));
}

/**
 * Builds the fuses `config` asks for. With `fuses: false` nothing guards: gradients go straight
 * to the optimizer, as in a plain tfjs training loop.
 */
export function createFuseSet<Meta extends { step: number }>(config: TrainConfig): FuseSet<Meta> {
  if (!config.fuses) {
    const step: StepFuses = { clipper: createClipper({ ...config, clip: 'none' }) };
    return { ...step, stepState: present(step), runState: {}, dispose: () => undefined };
  }
  const rollbackOn = config.rollback;
  const step: StepFuses = {
    guard: createNonFiniteGuard({ maxConsecutiveSkips: config.maxConsecutiveSkips }),
    ...(config.lossScaling ? { scaler: createLossScaler() } : {}),
    ...(rollbackOn
      ? { spikes: createSpikeDetector({ zThreshold: config.spikeZ, consecutiveSteps: config.spikeSteps, warmupSteps: config.spikeWarmupSteps }) }
      : {}),
    clipper: createClipper(config),
  };
  const run = rollbackOn
    ? { rollback: createRollbackPolicy({ maxRollbacks: config.maxRollbacks, lrBackoff: config.lrBackoff, lrRecoverySteps: config.lrRecoverySteps }) }
    : {};
  const snapshots = rollbackOn ? createSnapshotStore<Meta>({ every: config.snapshotEvery, keep: config.snapshotKeep }) : undefined;
  return {
    ...step,
    ...run,
    ...(snapshots ? { snapshots } : {}),
    stepState: present(step),
    runState: present(run),
    dispose: () => snapshots?.dispose(),
  };
}
