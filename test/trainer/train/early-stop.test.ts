import * as tf from '@tensorflow/tfjs-core';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initWasmTrainingBackend } from '../../../trainer/backends/wasm';
import { resolveTrainConfig } from '../../../trainer/config/train-config';
import { carveValidation } from '../../../trainer/data/carve-validation';
import { loadMnist } from '../../../trainer/data/load-mnist';
import type { Dataset } from '../../../trainer/data/dataset';
import { createModel } from '../../../trainer/model/create-model';
import { runTraining } from '../../../trainer/run-training';
import type { EpochReport } from '../../../trainer/train/end-epoch';
import { trainLoop } from '../../../trainer/train/train-loop';
import type { TelemetryRow } from '../../../trainer/train/telemetry-row';

let dir = '';

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'edgefuse-early-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('early stopping and the kept epoch', () => {
  it('should stop an overfitting run after --early-stop 2 epochs without a lower val_loss and export the best epoch', async () => {
    const epochs: EpochReport[] = [];
    const weightsAtEpochEnd = new Map<number, Float32Array[]>();
    const rows: TelemetryRow[] = [];
    // 256 training images, no regularization, a high LR: it overfits within a few epochs.
    const config = resolveTrainConfig({
      backend: 'wasm', threads: 1, seed: 3, trainLimit: 320, valSplit: 0.2, testLimit: 200, epochs: 40, batchSize: 32,
      dropout: 0, labelSmoothing: 0, lr: 0.01, warmupSteps: 0, earlyStop: 2, quantize: 'none', progress: false,
      out: join(dir, 'artifact'), runDir: join(dir, 'run'),
    });
    const { report } = await runTraining(config, {
      onEpoch: (epoch) => epochs.push(epoch),
      onTelemetry: (row) => rows.push(row),
      inspect: (step, state) => {
        if ((step + 1) % 8 === 0) weightsAtEpochEnd.set((step + 1) / 8, state.params.map((param) => param.dataSync().slice() as Float32Array));
      },
    });
    const valLosses = epochs.map((epoch) => epoch.valLoss ?? Number.NaN);
    const best = valLosses.indexOf(Math.min(...valLosses)) + 1;
    expect(report.stoppedEarly).toBe(true);
    expect(epochs.length).toBeLessThan(40);
    expect(epochs.length).toBe(best + 2); // two epochs without improvement, then stop
    expect(report.keptEpoch).toBe(best);
    expect(epochs.at(-1)?.stopping).toBe(true);
    expect(epochs.filter((epoch) => epoch.best).map((epoch) => epoch.epoch).at(-1)).toBe(best);
    expect(report.bestValLoss).toBe(Math.min(...valLosses));
    expect(report.validationExamples).toBe(64);
    // The exported float model holds the weights of the end of the kept epoch, bit for bit.
    const floatWeights = new Float32Array((await readFile(join(dir, 'run', 'float', 'weights.bin'))).buffer.slice(0));
    const expected = weightsAtEpochEnd.get(best) ?? [];
    const flat = new Float32Array(expected.reduce((total, weight) => total + weight.length, 0));
    let offset = 0;
    for (const weight of expected) {
      flat.set(weight, offset);
      offset += weight.length;
    }
    expect(floatWeights).toEqual(flat);
    // Telemetry and the report carry the validation numbers of every epoch.
    expect(rows.filter((row) => row.valLoss !== undefined).map((row) => row.valLoss)).toEqual(valLosses);
    expect(await readFile(join(dir, 'run', 'report.html'), 'utf8')).toContain('data-chart="accuracy"');
  });

  it('should never read the test split while training', async () => {
    await initWasmTrainingBackend();
    const loaded = carveValidation(await loadMnist({ trainLimit: 320, testLimit: 1 }), 0.2, 3);
    const dataset: Dataset = Object.defineProperty({ ...loaded }, 'test', {
      get: () => {
        throw new Error('the training loop read the test split');
      },
    });
    const result = await trainLoop(createModel({ architecture: 'cnn-small', input: loaded.input, numClasses: 10, seed: 3 }), dataset,
      resolveTrainConfig({ seed: 3, batchSize: 32, epochs: 2, threads: 1, progress: false }));
    expect(result.steps).toBe(16);
    expect(result.bestValLoss).toEqual(expect.any(Number));
    tf.disposeVariables();
  });
});
