import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initWasmTrainingBackend } from '../../../trainer/backends/wasm';
import { resolveTrainConfig } from '../../../trainer/config/train-config';
import type { TrainConfig } from '../../../trainer/config/train-config';
import { loadMnist } from '../../../trainer/data/load-mnist';
import type { Dataset } from '../../../trainer/data/dataset';
import { createModel } from '../../../trainer/model/create-model';
import { createAdam } from '../../../trainer/optim/create-adam';
import { createParallelGradientSource } from '../../../trainer/parallel/create-parallel-gradient-source';
import { createRng, shuffledIndices } from '../../../trainer/train/create-rng';
import { createLocalGradientSource } from '../../../trainer/train/gradient-source';
import type { GradientOptions } from '../../../trainer/train/compute-gradients';
import { nextBatchArrays } from '../../../trainer/train/next-batch';
import { trainLoop } from '../../../trainer/train/train-loop';

let dataset: Dataset;

beforeAll(async () => {
  await initWasmTrainingBackend();
  dataset = await loadMnist({ trainLimit: 256, testLimit: 1 });
});

afterAll(() => {
  tf.disposeVariables();
});

const model = () => createModel({ architecture: 'cnn-small', input: dataset.input, numClasses: 10, seed: 11, dropout: 0 });
const options: GradientOptions = { labelSmoothing: 0.1, lossScale: null, gradFactor: 1, emulateFp16: false };

/**
 * Adam divides each update by √v̂ + ε (ε = 1e-8), so a gradient element near ε moves its weight by up
 * to ±lr for a tiny change in the gradient: float rounding of a differently ordered sum (as in any
 * data-parallel trainer) can move such a weight by more than 1e-5. Weights are held to 1e-5 except
 * where |gradient| < 1e-6 (100 ε); those must stay within lr, and be at most 1 in 10,000.
 */
function expectWeightsClose(a: readonly Float32Array[], b: readonly Float32Array[], lr: number, grads?: readonly Float32Array[]): void {
  let nearEpsilon = 0;
  let total = 0;
  a.forEach((values, tensor) => {
    const other = b[tensor] as Float32Array;
    for (let index = 0; index < values.length; index++) {
      total++;
      const difference = Math.abs((values[index] as number) - (other[index] as number));
      if (difference <= 1e-5) continue;
      const gradient = grads?.[tensor]?.[index];
      if (gradient !== undefined && Math.abs(gradient) >= 1e-6) {
        throw new Error(`weight ${tensor}[${index}] differs by ${difference} although its gradient is ${gradient}`);
      }
      expect(difference).toBeLessThanOrEqual(lr);
      nearEpsilon++;
    }
  });
  expect(nearEpsilon).toBeLessThanOrEqual(total / 10_000);
}

function maxAbsDifference(a: readonly Float32Array[], b: readonly Float32Array[]): number {
  expect(a.map((values) => values.length)).toEqual(b.map((values) => values.length));
  let worst = 0;
  a.forEach((values, tensor) => {
    const other = b[tensor] as Float32Array;
    for (let index = 0; index < values.length; index++) worst = Math.max(worst, Math.abs((values[index] as number) - (other[index] as number)));
  });
  return worst;
}

describe('data-parallel training on 2 threads', () => {
  it('gives the gradients of one thread on the same global batch, within 1e-5', async () => {
    const built = model();
    const params = built.trainableWeights.map((weight) => weight.read() as tf.Variable);
    const batch = nextBatchArrays(dataset.train, dataset.preprocessing, 10, shuffledIndices(256, createRng(5)), 0, 64);
    const single = await createLocalGradientSource(built, params).compute(batch, options);
    const parallel = await createParallelGradientSource(built, params, { threads: 2, batchSize: 64, imageShape: [28, 28, 1], numClasses: 10 });
    try {
      expect(parallel.threads).toBe(2);
      const split = await parallel.compute(batch, options);
      const singleValues = single.grads.map((grad) => grad.dataSync() as Float32Array);
      const splitValues = split.grads.map((grad) => grad.dataSync() as Float32Array);
      expect(maxAbsDifference(singleValues, splitValues)).toBeLessThan(1e-5);
      expect(singleValues.some((values) => values.some((value) => value !== 0))).toBe(true);
      expect(split.loss).toBeCloseTo(single.loss, 5);
      expect(split.gradNorm).toBeCloseTo(single.gradNorm, 4);
      expect(split.correct).toBe(single.correct);
      expect(split.finite).toBe(true);

      // one Adam step from the same weights with each set of gradients
      const lr = 0.003;
      const stepped = (grads: readonly tf.Tensor[]): Float32Array[] => {
        const copies = params.map((param) => tf.variable(param.clone(), true));
        const adam = createAdam(copies);
        adam.applyGradients(grads, lr);
        const values = copies.map((copy) => copy.dataSync() as Float32Array);
        adam.dispose();
        tf.dispose(copies);
        return values;
      };
      expectWeightsClose(stepped(single.grads), stepped(split.grads), lr, singleValues);
      tf.dispose([...single.grads, ...split.grads]);
    } finally {
      await parallel.dispose();
      built.dispose();
    }
  });

  it('fails with a clear error when a training thread cannot start, and the next run still works', async () => {
    const built = model();
    const other = createModel({ architecture: 'cnn-compact', input: dataset.input, numClasses: 10, seed: 1, dropout: 0 });
    const params = other.trainableWeights.map((weight) => weight.read() as tf.Variable);
    try {
      await expect(createParallelGradientSource(built, params, { threads: 2, batchSize: 64, imageShape: [28, 28, 1], numClasses: 10 }))
        .rejects.toThrow(/a training thread failed to start: the rebuilt model's parameters \[.*\] differ from the main thread's/);
      const builtParams = built.trainableWeights.map((weight) => weight.read() as tf.Variable);
      const source = await createParallelGradientSource(built, builtParams, { threads: 2, batchSize: 64, imageShape: [28, 28, 1], numClasses: 10 });
      const batch = nextBatchArrays(dataset.train, dataset.preprocessing, 10, shuffledIndices(256, createRng(6)), 0, 64);
      const result = await source.compute(batch, options);
      expect(result.finite).toBe(true);
      tf.dispose(result.grads);
      await source.dispose();
    } finally {
      built.dispose();
      other.dispose();
    }
  });

  it('ends a training step (fuses, Adam) with the weights of one thread', async () => {
    const config = (threads: number): TrainConfig =>
      resolveTrainConfig({ threads, seed: 3, batchSize: 64, epochs: 1, maxSteps: 1, warmupSteps: 0, dropout: 0, progress: false, model: 'cnn-small' });
    const weightsAfter = async (threads: number): Promise<{ weights: Float32Array[]; threads: number }> => {
      const built = model();
      try {
        const result = await trainLoop(built, dataset, config(threads));
        return { weights: built.trainableWeights.map((weight) => weight.read().dataSync() as Float32Array), threads: result.threads };
      } finally {
        built.dispose();
      }
    };
    const one = await weightsAfter(1);
    const two = await weightsAfter(2);
    expect([one.threads, two.threads]).toEqual([1, 2]);
    expectWeightsClose(one.weights, two.weights, 0.003);
  });
});
