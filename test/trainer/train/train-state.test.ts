import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { readCheckpoint } from '../../../trainer/checkpoint/read-latest-checkpoint';
import { saveCheckpoint } from '../../../trainer/checkpoint/save-checkpoint';
import { resolveTrainConfig } from '../../../trainer/config/train-config';
import { createModel } from '../../../trainer/model/create-model';
import { captureTrainState, createTrainState, disposeTrainState, keepBest, restoreTrainState, tensorsOf } from '../../../trainer/train/train-state';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

afterEach(() => {
  tf.disposeVariables();
});

const config = resolveTrainConfig({ clip: 'autoclip', seed: 4 });
const input = { height: 8, width: 8, channels: 1 as const };

function freshState(architecture: 'cnn-small' | 'cnn-compact' = 'cnn-small') {
  return createTrainState(createModel({ architecture, input, numClasses: 3, seed: 4 }), config);
}

describe('TrainState', () => {
  it('should capture and restore every part: tensors, Adam, RNGs, order, counters, fuses', async () => {
    const source = freshState();
    source.optimizer.applyGradients(source.params.map((param) => tf.onesLike(param)), 0.1);
    source.rngs.data();
    source.order = Uint32Array.of(3, 1, 2);
    source.stream = {
      step: 7, orderEpoch: 0, skippedSteps: 1, clippedSteps: 2, rollbacks: 0,
      epochTally: { lossSum: 3.5, steps: 3, correct: 40, examples: 96 }, bestEpoch: 0, bestValLoss: 0.75, epochsSinceBest: 1,
    };
    keepBest(source, source.weights.map((weight) => tf.mul(weight, 2)));
    source.model.updates = 6;
    source.fuses.guard?.observe(6, false);
    const saved = await captureTrainState(source);

    const target = freshState();
    restoreTrainState(target, saved, 'test');
    expect(await captureTrainState(target)).toEqual(saved);
    expect(target.rngs.data()).toBe(source.rngs.data());
    expect(tensorsOf(target).map(({ variable }) => Array.from(variable.dataSync()))).toEqual(tensorsOf(source).map(({ variable }) => Array.from(variable.dataSync())));
    expect(target.best?.map((tensor) => Array.from(tensor.dataSync()))).toEqual(source.weights.map((weight) => Array.from(weight.dataSync()).map((value) => value * 2)));
    disposeTrainState(source);
    disposeTrainState(target);
  });

  it('should refuse the state of another model, naming the tensor', async () => {
    const saved = await captureTrainState(freshState('cnn-small'));
    expect(() => restoreTrainState(freshState('cnn-compact'), saved, 'ckpt')).toThrow(/^ckpt: tensor \d+ \(.+\) holds \d+ values, the model needs \[/);
  });

  it('should refuse a checkpoint of an older format with a message naming both formats', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'edgefuse-state-'));
    try {
      const checkpointDir = await saveCheckpoint(freshState(), config, dir, 1);
      expect((await readCheckpoint(checkpointDir)).state.stream.step).toBe(0);
      const statePath = join(checkpointDir, 'state.json');
      await writeFile(statePath, JSON.stringify({ ...JSON.parse(await readFile(statePath, 'utf8')), formatVersion: 1 }));
      await expect(readCheckpoint(checkpointDir)).rejects.toThrow(`${checkpointDir}: checkpoint format 1, this edgefuse reads format 2 (start a new run)`);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
