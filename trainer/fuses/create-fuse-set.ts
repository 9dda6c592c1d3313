import type { TrainConfig } from '../config/train-config';
import { createClipper } from './create-clipper';
import { createDamageMonitor } from './create-damage-monitor';
import type { DamageMonitor } from './create-damage-monitor';
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
  /** Watches anomalies and says when to judge whether they harmed the weights. */
  damage?: DamageMonitor;
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
 * Rollbacks a run may spend: `maxRollbacks`, or with 0 one per 500 steps of the run, at least 5,
 * so a long run is not cut off by a count sized for a short one (escalation, not the count, keeps
 * a lasting fault from looping: each rollback in a row skips twice as far).
 *
 * @example
 * rollbackBudget(0, 7496); // 15
 */
export function rollbackBudget(maxRollbacks: number, totalSteps: number): number {
  return maxRollbacks > 0 ? maxRollbacks : Math.max(5, Math.ceil(totalSteps / 500));
}

/**
 * The fuses' unit of time for a run of `totalSteps`: 1/75 of the run, 10 to 100 steps (100 in the
 * default MNIST run). Snapshots are this far apart, a first rollback skips this many batches and
 * a backed-off LR recovers after this many clean steps, so a short run loses no bigger share of
 * itself to a rollback than a long one.
 *
 * @example
 * fuseTimescale(600); // 10
 * fuseTimescale(7496); // 100
 */
export function fuseTimescale(totalSteps: number): number {
  return Math.min(100, Math.max(10, Math.round(totalSteps / 75)));
}

/**
 * Builds the fuses `config` asks for, for a run of `totalSteps` (which sizes the rollback budget). With `fuses: false` nothing guards: gradients go straight
 * to the optimizer, as in a plain tfjs training loop.
 */
export function createFuseSet<Meta extends { step: number }>(config: TrainConfig, totalSteps = 0): FuseSet<Meta> {
  if (!config.fuses) {
    const step: StepFuses = { clipper: createClipper({ ...config, clip: 'none' }) };
    return { ...step, stepState: present(step), runState: {}, dispose: () => undefined };
  }
  const rollbackOn = config.rollback;
  const step: StepFuses = {
    guard: createNonFiniteGuard({ maxConsecutiveSkips: config.maxConsecutiveSkips }),
    ...(config.lossScaling ? { scaler: createLossScaler() } : {}),
    ...(rollbackOn
      ? {
          spikes: createSpikeDetector({
            zThreshold: config.spikeZ,
            consecutiveSteps: config.spikeSteps,
            warmupSteps: config.spikeWarmupSteps,
            minRelativeRise: config.spikeMinRise,
            warmupOutlierFactor: 4,
          }),
          damage: createDamageMonitor({ persistentSteps: config.spikeSteps, relativeTolerance: config.damageTolerance }),
        }
      : {}),
    clipper: createClipper(config),
  };
  const run = rollbackOn
    ? {
        rollback: createRollbackPolicy({
          maxRollbacks: rollbackBudget(config.maxRollbacks, totalSteps),
          lrBackoff: config.lrBackoff,
          lrRecoverySteps: config.lrRecoverySteps > 0 ? config.lrRecoverySteps : fuseTimescale(totalSteps),
          skipSteps: Math.min(config.rollbackSkipSteps, fuseTimescale(totalSteps)),
          maxSkipSteps: Math.max(config.rollbackSkipSteps, Math.floor(totalSteps / 8)),
        }),
      }
    : {};
  const snapshots = rollbackOn ? createSnapshotStore<Meta>({ every: config.snapshotEvery > 0 ? config.snapshotEvery : fuseTimescale(totalSteps), keep: config.snapshotKeep }) : undefined;
  return {
    ...step,
    ...run,
    ...(snapshots ? { snapshots } : {}),
    stepState: present(step),
    runState: present(run),
    dispose: () => snapshots?.dispose(),
  };
}
