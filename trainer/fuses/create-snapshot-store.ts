import * as tf from '@tensorflow/tfjs-core';

/**
 * Plain data saved with a snapshot, restored by the loop (not by the store): at least the data
 * step it was taken at, plus whatever else the loop needs to resume (e.g. Adam's step and the fuse
 * states), typed by the loop.
 */
export interface SnapshotMeta {
  /** The data step the snapshot was taken at (before that step's update). */
  step: number;
}

/** One variable and the value it held when the snapshot was taken. */
export interface SavedVariable {
  target: tf.Variable;
  value: tf.Tensor;
}

/** An in-memory copy of the weights and the optimizer state at one step. */
export interface Snapshot<Meta extends SnapshotMeta = SnapshotMeta> {
  readonly meta: Meta;
  readonly params: readonly SavedVariable[];
  readonly optimizerVars: readonly SavedVariable[];
}

/** Snapshot store options. */
export interface SnapshotStoreOptions {
  /** Take a snapshot every this many steps (`isDue`). Default 100. */
  every?: number;
  /** Snapshots kept; the oldest is disposed when a new one exceeds this. Default 3. */
  keep?: number;
}

/** The last few snapshots of a run, for rolling back after a loss spike. */
export interface SnapshotStore<Meta extends SnapshotMeta = SnapshotMeta> {
  /** True when `step` is a multiple of `every`. */
  isDue(step: number): boolean;
  /** Saves the current values of `params` and `optimizerVars` (e.g. Adam's moments). */
  take(params: readonly tf.Variable[], optimizerVars: readonly tf.Variable[], meta: Meta): Snapshot<Meta>;
  /** Assigns every saved value back to its variable, bit for bit. */
  restore(snapshot: Snapshot<Meta>): void;
  /** The newest snapshot taken at a step strictly before `step`, if any. */
  latestBefore(step: number): Snapshot<Meta> | undefined;
  /** The kept snapshots, oldest first. */
  readonly snapshots: readonly Snapshot<Meta>[];
  /** Drops every snapshot newer than `step` (after a rollback to `step` they describe a dead branch). */
  discardAfter(step: number): void;
  /** Frees every kept snapshot. */
  dispose(): void;
}

function save(variables: readonly tf.Variable[]): SavedVariable[] {
  // tf.clone shares the variable's current buffer; assign() gives the variable a new buffer on
  // every update, so the clone keeps the old values without copying them.
  return variables.map((target) => ({ target, value: tf.keep(tf.clone(target)) }));
}

function disposeSnapshot(snapshot: Snapshot<SnapshotMeta>): void {
  for (const { value } of [...snapshot.params, ...snapshot.optimizerVars]) value.dispose();
}

/**
 * Keeps the last `keep` snapshots of weights and optimizer state in memory. Restoring assigns the
 * saved tensors back, so the variables hold exactly the bytes they held (no re-rounding).
 *
 * @example
 * if (store.isDue(step)) store.take(params, [...adam.state.firstMoments, ...adam.state.secondMoments], { step, adamStep: adam.state.step });
 */
export function createSnapshotStore<Meta extends SnapshotMeta = SnapshotMeta>(options: SnapshotStoreOptions = {}): SnapshotStore<Meta> {
  const every = options.every ?? 100;
  const keep = options.keep ?? 3;
  if (!Number.isInteger(every) || every < 1) throw new RangeError(`SnapshotStore: every must be an integer ≥ 1, got ${every}`);
  if (!Number.isInteger(keep) || keep < 1) throw new RangeError(`SnapshotStore: keep must be an integer ≥ 1, got ${keep}`);
  let snapshots: Snapshot<Meta>[] = [];
  return {
    isDue(step) {
      return step % every === 0;
    },
    take(params, optimizerVars, meta) {
      const snapshot: Snapshot<Meta> = { meta: structuredClone(meta), params: save(params), optimizerVars: save(optimizerVars) };
      snapshots.push(snapshot);
      while (snapshots.length > keep) {
        const oldest = snapshots.shift();
        if (oldest) disposeSnapshot(oldest);
      }
      return snapshot;
    },
    restore(snapshot) {
      if (!snapshots.includes(snapshot)) {
        throw new Error(`SnapshotStore: the snapshot of step ${snapshot.meta.step} is not kept by this store (disposed or foreign)`);
      }
      for (const { target, value } of [...snapshot.params, ...snapshot.optimizerVars]) {
        if (target.isDisposed) throw new Error(`SnapshotStore: variable "${target.name}" was disposed; cannot restore step ${snapshot.meta.step}`);
        if (target.dtype !== value.dtype || !tf.util.arraysEqual(target.shape, value.shape)) {
          throw new Error(
            `SnapshotStore: variable "${target.name}" is now ${target.dtype} [${target.shape.join(', ')}], ` +
              `the snapshot holds ${value.dtype} [${value.shape.join(', ')}]`,
          );
        }
      }
      for (const { target, value } of [...snapshot.params, ...snapshot.optimizerVars]) target.assign(value);
    },
    latestBefore(step) {
      return snapshots.findLast((snapshot) => snapshot.meta.step < step);
    },
    get snapshots() {
      return [...snapshots];
    },
    discardAfter(step) {
      const stale = snapshots.filter((snapshot) => snapshot.meta.step > step);
      for (const snapshot of stale) disposeSnapshot(snapshot);
      snapshots = snapshots.filter((snapshot) => snapshot.meta.step <= step);
    },
    dispose() {
      for (const snapshot of snapshots) disposeSnapshot(snapshot);
      snapshots = [];
    },
  };
}
