import * as tf from '@tensorflow/tfjs-core';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { initWasmTrainingBackend } from '../../../trainer/backends/wasm';
import { resolveTrainConfig } from '../../../trainer/config/train-config';
import type { TrainConfigInput } from '../../../trainer/config/train-config';
import { loadMnist } from '../../../trainer/data/load-mnist';
import type { Dataset } from '../../../trainer/data/dataset';
import { createModel } from '../../../trainer/model/create-model';
import type { TelemetryRow } from '../../../trainer/train/telemetry-row';
import { trainLoop } from '../../../trainer/train/train-loop';
import { TrainingHaltedError } from '../../../trainer/train/training-errors';
import type { TrainStateView } from '../../../trainer/train/train-loop';

let dataset: Dataset;

beforeAll(async () => {
  await initWasmTrainingBackend();
  dataset = await loadMnist({ trainLimit: 1280, testLimit: 1 });
});

afterEach(() => {
  tf.disposeVariables();
});

function config(overrides: TrainConfigInput) {
  return resolveTrainConfig({ seed: 3, batchSize: 32, epochs: 1, warmupSteps: 0, progress: false, ...overrides });
}

function model() {
  return createModel({ architecture: 'cnn-small', input: dataset.input, numClasses: 10, seed: 3 });
}

/** Raw bytes of every weight and Adam moment, to compare bit for bit. */
function stateBytes(state: TrainStateView): Uint8Array[] {
  return [...state.params, ...state.optimizer.firstMoments, ...state.optimizer.secondMoments].map(
    (variable) => new Uint8Array(variable.dataSync().slice().buffer),
  );
}

describe('trainLoop', () => {
  it('should keep the tensor count flat across steps (no leaks), fuses on', async () => {
    const counts: number[] = [];
    await trainLoop(model(), dataset, config({ maxSteps: 30, snapshotEvery: 1000, clip: 'global', maxGradNorm: 0.5 }), {
      onStep: () => counts.push(tf.memory().numTensors),
    });
    expect(new Set(counts.slice(2))).toEqual(new Set([counts[2]]));
  });

  // With 2 threads the fuses see the averaged gradient of both threads' shards.
  it.each([1, 2])('should leave weights and Adam moments bit-identical on a skipped (NaN) step, %i thread(s)', async (threads) => {
    const before = new Map<number, Uint8Array[]>();
    const rows: TelemetryRow[] = [];
    await trainLoop(model(), dataset, config({ threads, maxSteps: 8, inject: ['nan@5'] }), {
      inspect: (step, state) => before.set(step, stateBytes(state)),
      onTelemetry: (row) => rows.push(row),
    });
    // NaN pixels make the gradients non-finite (on wasm the loss itself can stay finite: relu(NaN) = 0).
    expect(rows[5]).toMatchObject({ step: 5, skipped: true, gradNorm: null, event: 'inject:nan@5 skip:nonfinite' });
    expect(before.get(5)).toEqual(before.get(4));
    expect(before.get(6)).not.toEqual(before.get(5));
  });

  it('should clip to maxGradNorm and log the norm before and after', async () => {
    const rows: TelemetryRow[] = [];
    const result = await trainLoop(model(), dataset, config({ maxSteps: 10, clip: 'global', maxGradNorm: 0.01 }), {
      onTelemetry: (row) => rows.push(row),
    });
    expect(result.clippedSteps).toBe(10);
    for (const row of rows) {
      expect(row.clipThreshold).toBe(0.01);
      expect(row.gradNorm).toBeGreaterThan(0.01);
      expect(row.gradNormAfter).toBeCloseTo(0.01, 6);
    }
  });

  it('should apply NaN gradients without fuses, poisoning the weights', async () => {
    let last: Uint8Array[] = [];
    await trainLoop(model(), dataset, config({ maxSteps: 3, fuses: false, inject: ['nan@1'] }), {
      inspect: (_step, state) => {
        last = stateBytes(state);
      },
    });
    const floats = new Float32Array((last[0] ?? new Uint8Array(4)).slice().buffer);
    expect(floats.some((value) => Number.isNaN(value))).toBe(true);
  });

  it('should halt with a clear error once the weights give no finite loss and nothing can be restored', async () => {
    // LR ×1e30 for one step: Adam moves every weight by ~1e27, every later forward overflows.
    const run = trainLoop(model(), dataset, config({ maxSteps: 20, maxConsecutiveSkips: 4, rollback: false, inject: ['lr*1e30@2'] }));
    await expect(run).rejects.toThrow(TrainingHaltedError);
    await expect(run).rejects.toThrow(/weights no longer give a finite loss .* no snapshot to restore \(rollback is off\)/);
  });

  it('should not halt on a NaN streak longer than maxConsecutiveSkips while the weights are finite', async () => {
    const rows: TelemetryRow[] = [];
    const result = await trainLoop(model(), dataset, config({ maxSteps: 20, maxConsecutiveSkips: 4, rollback: false, inject: ['nan@2:10'] }), {
      onTelemetry: (row) => rows.push(row),
    });
    expect(result.skippedSteps).toBe(10);
    expect(rows.filter((row) => row.skipped).map((row) => row.step)).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    expect(result.updates).toBe(10);
  });

  it('should roll back to the snapshot before a spike, skip ahead, and back off the LR', async () => {
    const rows: TelemetryRow[] = [];
    const result = await trainLoop(
      model(),
      dataset,
      config({ maxSteps: 40, snapshotEvery: 10, spikeWarmupSteps: 10, rollbackSkipSteps: 5, inject: ['lr*300@22:4'] }),
      { onTelemetry: (row) => rows.push(row) },
    );
    const rollback = rows.find((row) => row.event?.includes('rollback'));
    expect(rollback?.event).toMatch(/rollback:restore@20,resume@\d+/);
    const skipTo = Number(/resume@(\d+)/.exec(rollback?.event ?? '')?.[1]);
    expect(rows.some((row) => row.step > (rollback?.step ?? 0) && row.step < skipTo)).toBe(false);
    expect(rows.find((row) => row.step === skipTo)?.lr).toBeLessThan(rows[19]?.lr ?? 0);
    expect(result.rollbacks).toBe(1);
  });

  it('should restore the clipper\'s state with the snapshot on a rollback (ZClip)', async () => {
    const fuseStates = new Map<number, Record<string, unknown>>();
    const rows: TelemetryRow[] = [];
    const result = await trainLoop(
      model(),
      dataset,
      config({ clip: 'zclip', zclipWarmupSteps: 5, maxSteps: 40, snapshotEvery: 10, spikeWarmupSteps: 10, rollbackSkipSteps: 5, inject: ['lr*300@22:4'] }),
      { inspect: (step, state) => fuseStates.set(step, state.fuseStates()), onTelemetry: (row) => rows.push(row) },
    );
    expect(result.rollbacks).toBe(1);
    const rollback = rows.find((row) => row.event?.includes('rollback'));
    const restoredFrom = Number(/restore@(\d+)/.exec(rollback?.event ?? '')?.[1]);
    expect(restoredFrom).toBe(20);
    // The snapshot of step 20 holds the state after step 19; the rollback step ends with exactly that ZClip state.
    const atSnapshot = fuseStates.get(restoredFrom - 1)?.clipper as { mean: number | null; warmupNorms: number[] } | undefined;
    const beforeRollback = fuseStates.get((rollback?.step ?? 0) - 1)?.clipper;
    expect(atSnapshot?.mean).toEqual(expect.any(Number)); // past ZClip's warm-up: a real EMA, not the empty state
    expect(beforeRollback).not.toEqual(atSnapshot);
    expect(fuseStates.get(rollback?.step ?? 0)?.clipper).toEqual(atSnapshot);
  });
});
