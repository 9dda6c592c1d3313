import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { createSnapshotStore } from '../../../trainer/fuses/create-snapshot-store';
import { createAdam } from '../../../trainer/optim/create-adam';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** A copy of a tensor's raw bytes. */
function bytesOf(tensor: tf.Tensor): Uint8Array {
  const values = tensor.dataSync() as Float32Array;
  return new Uint8Array(values.buffer.slice(values.byteOffset, values.byteOffset + values.byteLength));
}

function createParams(): tf.Variable[] {
  return [
    // Awkward values on purpose: -0, a float32 subnormal, a non-round fraction.
    tf.variable(tf.tensor2d([[-0, 1e-45], [0.1, -3.3333333]]), true, 'snapshot-test-kernel'),
    tf.variable(tf.tensor1d([0.5, -0.25]), true, 'snapshot-test-bias'),
  ];
}

function trainSteps(params: tf.Variable[], adam: ReturnType<typeof createAdam>, steps: number): void {
  for (let step = 0; step < steps; step++) {
    const grads = [tf.tensor2d([[0.3, -0.1], [0.7, 0.2]]), tf.tensor1d([1, -1])];
    adam.applyGradients(grads, 0.01);
    tf.dispose(grads);
  }
}

describe('createSnapshotStore', () => {
  it('should restore weights and optimizer state bit for bit', () => {
    const params = createParams();
    const adam = createAdam(params);
    const store = createSnapshotStore<{ step: number; adamStep: number }>();
    trainSteps(params, adam, 2);
    const optimizerVars = [...adam.state.firstMoments, ...adam.state.secondMoments];
    const expected = [...params, ...optimizerVars].map(bytesOf);
    const snapshot = store.take(params, optimizerVars, { step: 2, adamStep: adam.state.step });

    trainSteps(params, adam, 3);
    expect(bytesOf(params[0] as tf.Variable)).not.toEqual(expected[0]);
    store.restore(snapshot);

    expect([...params, ...optimizerVars].map(bytesOf)).toEqual(expected);
    expect(snapshot.meta).toEqual({ step: 2, adamStep: 2 });
    store.dispose();
    adam.dispose();
    tf.dispose(params);
  });

  it('should survive more updates and a second restore from the same snapshot', () => {
    const params = createParams();
    const adam = createAdam(params);
    const store = createSnapshotStore();
    const optimizerVars = [...adam.state.firstMoments, ...adam.state.secondMoments];
    const expected = params.map(bytesOf);
    const snapshot = store.take(params, optimizerVars, { step: 0 });
    trainSteps(params, adam, 1);
    store.restore(snapshot);
    trainSteps(params, adam, 2);
    store.restore(snapshot);
    expect(params.map(bytesOf)).toEqual(expected);
    store.dispose();
    adam.dispose();
    tf.dispose(params);
  });

  it('should keep the last few snapshots and free the rest', () => {
    const params = createParams();
    const store = createSnapshotStore({ every: 10, keep: 2 });
    const baseline = tf.memory().numTensors;
    const first = store.take(params, [], { step: 0 });
    store.take(params, [], { step: 10 });
    store.take(params, [], { step: 20 });
    expect(store.snapshots.map((snapshot) => snapshot.meta.step)).toEqual([10, 20]);
    expect(tf.memory().numTensors).toBe(baseline + 4);
    expect(() => store.restore(first)).toThrow(/snapshot of step 0 is not kept/);
    store.dispose();
    expect(tf.memory().numTensors).toBe(baseline);
    tf.dispose(params);
  });

  it('should find the newest snapshot before a step and drop those after a rollback point', () => {
    const params = createParams();
    const store = createSnapshotStore({ every: 10, keep: 3 });
    [0, 10, 20].forEach((step) => store.take(params, [], { step }));
    expect(store.latestBefore(20)?.meta.step).toBe(10);
    expect(store.latestBefore(21)?.meta.step).toBe(20);
    expect(store.latestBefore(0)).toBeUndefined();
    store.discardAfter(10);
    expect(store.snapshots.map((snapshot) => snapshot.meta.step)).toEqual([0, 10]);
    store.dispose();
    tf.dispose(params);
  });

  it('should say when a snapshot is due', () => {
    const store = createSnapshotStore({ every: 25 });
    expect([0, 24, 25, 50, 51].map((step) => store.isDue(step))).toEqual([true, false, true, true, false]);
  });

  it('should copy the meta so later changes do not leak in', () => {
    const params = createParams();
    const store = createSnapshotStore();
    const meta = { step: 5, fuseStates: { lossScale: 8 } };
    const snapshot = store.take(params, [], meta);
    meta.fuseStates.lossScale = 4;
    expect(snapshot.meta).toEqual({ step: 5, fuseStates: { lossScale: 8 } });
    store.dispose();
    tf.dispose(params);
  });

  it('should refuse to restore into a variable that was disposed', () => {
    const params = createParams();
    const store = createSnapshotStore();
    const snapshot = store.take(params, [], { step: 0 });
    params[1]?.dispose();
    expect(() => store.restore(snapshot)).toThrow(/variable "snapshot-test-bias" was disposed/);
    store.dispose();
    params[0]?.dispose();
  });
});
