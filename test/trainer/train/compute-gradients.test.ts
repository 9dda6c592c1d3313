import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initWasmTrainingBackend } from '../../../trainer/backends/wasm';
import { loadMnist } from '../../../trainer/data/load-mnist';
import type { Dataset } from '../../../trainer/data/dataset';
import { createLossScaler } from '../../../trainer/fuses';
import { createModel } from '../../../trainer/model/create-model';
import { computeGradients } from '../../../trainer/train/compute-gradients';
import { createRng, shuffledIndices } from '../../../trainer/train/create-rng';
import { nextBatch } from '../../../trainer/train/next-batch';

let dataset: Dataset;

beforeAll(async () => {
  await initWasmTrainingBackend();
  dataset = await loadMnist({ trainLimit: 64, testLimit: 1 });
});

afterAll(() => {
  tf.disposeVariables();
});

/** Fraction of exactly-zero values across `grads`, and whether any is non-finite. */
async function census(grads: readonly tf.Tensor[]): Promise<{ zeros: number; finite: boolean }> {
  let zeros = 0;
  let total = 0;
  let finite = true;
  for (const grad of grads) {
    const values = await grad.data();
    total += values.length;
    for (const value of values) {
      if (value === 0) zeros++;
      if (!Number.isFinite(value)) finite = false;
    }
  }
  return { zeros: zeros / total, finite };
}

describe('computeGradients with --emulate-fp16', () => {
  const model = () => createModel({ architecture: 'cnn-3conv', input: dataset.input, numClasses: 10, seed: 4 });

  async function gradients(options: { lossScale: number | null; gradFactor: number }) {
    const built = model();
    const params = built.trainableWeights.map((weight) => weight.read() as tf.Variable);
    const batch = nextBatch(dataset.train, dataset.preprocessing, 10, shuffledIndices(64, createRng(1)), 0, 64);
    const result = await computeGradients(built, params, batch, { labelSmoothing: 0, emulateFp16: true, ...options });
    const stats = await census(result.grads);
    tf.dispose([batch.images, batch.targets, ...result.grads]);
    built.dispose();
    return { ...stats, finite: result.finite, gradNorm: result.gradNorm };
  }

  it('should make small gradients underflow in fp16, and a loss scale of 2^16 recover them', async () => {
    // Gradients ×1e-6 (as from a tiny loss): most fall under fp16's smallest subnormal (6e-8).
    const unscaled = await gradients({ lossScale: null, gradFactor: 1e-6 });
    const scaled = await gradients({ lossScale: 2 ** 16, gradFactor: 1e-6 });
    expect(unscaled.zeros).toBeGreaterThan(scaled.zeros + 0.2);
    expect(scaled.finite).toBe(true);
  });

  it('should overflow to Inf with too large a scale, which the scaler backs off from', async () => {
    const overflowed = await gradients({ lossScale: 2 ** 16, gradFactor: 1e3 });
    expect(overflowed.finite).toBe(false);
    const scaler = createLossScaler();
    const update = scaler.update(!overflowed.finite);
    expect(update).toMatchObject({ skipStep: true, previousLossScale: 2 ** 16, lossScale: 2 ** 15 });
  });
});
