import * as tf from '@tensorflow/tfjs-core';
import type { TrainConfig } from '../config/train-config';
import {
  adaptiveGradClip,
  clipByGlobalNorm,
  createAutoClip,
  createLossScaler,
  createNonFiniteGuard,
  createRollbackPolicy,
  createSnapshotStore,
  createSpikeDetector,
  createZClip,
  globalNorm,
} from '../fuses';
import type { LossScaler, NonFiniteGuard, RollbackPolicy, SnapshotStore, SpikeDetector } from '../fuses';

/** Gradients after the clipping fuse, and what it did. */
export interface ClipOutcome {
  grads: tf.Tensor[];
  /** Threshold in force (null when nothing clips). */
  threshold: number | null;
  clipped: boolean;
  normAfter: number;
}

/** The fuses a run uses, built from its config. Absent members are switched off. */
export interface FuseSet {
  guard?: NonFiniteGuard;
  scaler?: LossScaler;
  spikes?: SpikeDetector;
  snapshots?: SnapshotStore;
  rollback?: RollbackPolicy;
  /** Applies the configured clipping to `grads` (consumed) whose global norm is `norm` (finite). */
  clip(grads: tf.Tensor[], norm: number, params: readonly tf.Variable[]): Promise<ClipOutcome>;
  /** Plain JSON of every stateful fuse, saved with snapshots and restored on rollback. */
  saveState(): Record<string, unknown>;
  loadState(saved: Record<string, unknown>): void;
  dispose(): void;
}

function unclipped(grads: tf.Tensor[], norm: number, threshold: number | null): ClipOutcome {
  return { grads, threshold, clipped: false, normAfter: norm };
}

function clipTo(grads: tf.Tensor[], norm: number, threshold: number): ClipOutcome {
  if (!(norm > threshold)) return unclipped(grads, norm, threshold);
  const { grads: clipped, scale } = clipByGlobalNorm(grads, threshold, norm);
  tf.dispose(grads);
  return { grads: clipped, threshold, clipped: true, normAfter: norm * scale };
}

function createClipper(config: TrainConfig): (grads: tf.Tensor[], norm: number, params: readonly tf.Variable[]) => Promise<ClipOutcome> {
  switch (config.clip) {
    case 'none':
      return async (grads, norm) => unclipped(grads, norm, null);
    case 'global':
      return async (grads, norm) => clipTo(grads, norm, config.maxGradNorm);
    case 'zclip': {
      const zclip = createZClip({
        alpha: config.zclipAlpha,
        zThreshold: config.zclipThreshold,
        warmupSteps: config.zclipWarmupSteps,
        maxGradNorm: config.maxGradNorm,
      });
      return async (grads, norm) => {
        const { threshold } = zclip.observe(norm);
        return Number.isFinite(threshold) ? clipTo(grads, norm, threshold) : unclipped(grads, norm, null);
      };
    }
    case 'autoclip': {
      const autoclip = createAutoClip({ percentile: config.autoclipPercentile });
      return async (grads, norm) => clipTo(grads, norm, autoclip.observe(norm).threshold);
    }
    case 'agc':
      return async (grads, norm, params) => {
        const { grads: clipped, clippedUnits } = adaptiveGradClip(params, grads, { clipFactor: config.agcClipFactor });
        tf.dispose(grads);
        const after = tf.tidy(() => tf.stack([tf.cast(clippedUnits, 'float32'), globalNorm(clipped)]));
        const [units = 0, normAfter = norm] = await after.data();
        tf.dispose([after, clippedUnits]);
        return { grads: clipped, threshold: null, clipped: units > 0, normAfter };
      };
  }
}

/**
 * Builds the fuses `config` asks for. With `fuses: false` nothing guards: gradients go straight
 * to the optimizer, as in a plain tfjs training loop.
 */
export function createFuseSet(config: TrainConfig): FuseSet {
  if (!config.fuses) {
    return {
      clip: async (grads, norm) => unclipped(grads, norm, null),
      saveState: () => ({}),
      loadState: () => undefined,
      dispose: () => undefined,
    };
  }
  const guard = createNonFiniteGuard({ maxConsecutiveSkips: config.maxConsecutiveSkips });
  const scaler = config.lossScaling ? createLossScaler() : undefined;
  const rollbackOn = config.rollback;
  const spikes = rollbackOn
    ? createSpikeDetector({ zThreshold: config.spikeZ, consecutiveSteps: config.spikeSteps, warmupSteps: config.spikeWarmupSteps })
    : undefined;
  const snapshots = rollbackOn ? createSnapshotStore({ every: config.snapshotEvery, keep: config.snapshotKeep }) : undefined;
  const rollback = rollbackOn
    ? createRollbackPolicy({ maxRollbacks: config.maxRollbacks, lrBackoff: config.lrBackoff, lrRecoverySteps: config.lrRecoverySteps })
    : undefined;
  return {
    guard,
    ...(scaler ? { scaler } : {}),
    ...(spikes ? { spikes } : {}),
    ...(snapshots ? { snapshots } : {}),
    ...(rollback ? { rollback } : {}),
    clip: createClipper(config),
    saveState: () => ({
      guard: guard.getState(),
      ...(scaler ? { scaler: scaler.getState() } : {}),
      ...(spikes ? { spikes: spikes.getState() } : {}),
    }),
    loadState(saved) {
      guard.loadState(saved.guard);
      if (scaler) scaler.loadState(saved.scaler);
      if (spikes) spikes.loadState(saved.spikes);
    },
    dispose: () => snapshots?.dispose(),
  };
}
