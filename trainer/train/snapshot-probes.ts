import * as tf from '@tensorflow/tfjs-core';
import type { SnapshotSummary, Snapshot } from '../fuses';
import type { Probe } from './create-probe';

/** The probe loss of kept snapshots, measured when a judgement first needs it. */
export interface SnapshotProbes {
  /** Each snapshot's step and probe loss (measured once per snapshot, then remembered). */
  summaries(snapshots: readonly Snapshot[]): Promise<SnapshotSummary[]>;
}

/**
 * Measures a snapshot's probe loss by loading its weights into the model for one forward pass
 * and putting the current weights back (both are assignments of kept buffers: no copies). Only an
 * anomaly's judgement asks, so clean runs never pay for it.
 */
export function createSnapshotProbes(probe: Probe): SnapshotProbes {
  const measured = new WeakMap<Snapshot, number>();
  const measure = async (snapshot: Snapshot): Promise<number> => {
    const current = snapshot.params.map(({ target }) => tf.keep(tf.clone(target)));
    for (const { target, value } of snapshot.params) target.assign(value);
    try {
      return await probe.loss();
    } finally {
      snapshot.params.forEach(({ target }, index) => {
        const value = current[index];
        if (value !== undefined) target.assign(value);
      });
      tf.dispose(current);
    }
  };
  return {
    async summaries(snapshots) {
      const summaries: SnapshotSummary[] = [];
      for (const snapshot of snapshots) { // one at a time: each loads its weights into the model
        const probeLoss = measured.get(snapshot) ?? (await measure(snapshot));
        measured.set(snapshot, probeLoss);
        summaries.push({ step: snapshot.meta.step, probeLoss });
      }
      return summaries;
    },
  };
}
