import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBackboneClassifier } from '../../../trainer/backbone/create-backbone-classifier';
import { cutBackbone } from '../../../trainer/backbone/cut-backbone';
import { initWasmTrainingBackend } from '../../../trainer/backends/wasm';
import { defaultPreprocessSpec } from '../../../shared/preprocess';
import { createParallelGradientSource } from '../../../trainer/parallel/create-parallel-gradient-source';
import type { GradientOptions } from '../../../trainer/train/compute-gradients';
import { createLocalGradientSource } from '../../../trainer/train/gradient-source';
import { nextBatchArrays } from '../../../trainer/train/next-batch';
import { createTeachableMachineModel } from '../../helpers/imported-models';

beforeAll(async () => {
  await initWasmTrainingBackend();
});

afterAll(() => {
  tf.disposeVariables();
});

describe('a frozen backbone on 2 threads', () => {
  it('should give the gradients of one thread: the helper has the frozen weights and runs them in inference mode', async () => {
    // Batch norm with non-default moving statistics, so a replica without them computes other features.
    const pretrained = createTeachableMachineModel({ seed: 6, classes: 3, imageSize: 16 });
    for (const weight of pretrained.weights) {
      // A built layer's weight shapes are concrete.
      if (weight.name.includes('moving_')) weight.write(tf.randomUniform(weight.shape as number[], 0.5, 1.5, 'float32', 4));
    }
    const { model } = createBackboneClassifier(cutBackbone(pretrained), { numClasses: 4, seed: 1 });
    const params = model.trainableWeights.map((weight) => weight.read() as tf.Variable);
    const count = 16;
    const input = { height: 16, width: 16, channels: 3 as const };
    const split = {
      pixels: Uint8Array.from({ length: count * 16 * 16 * 3 }, (_, index) => (index * 37) % 256),
      targets: Uint8Array.from({ length: count }, (_, index) => index % 4),
      count,
    };
    const batch = nextBatchArrays(split, defaultPreprocessSpec(input), 4, Uint32Array.from({ length: count }, (_, index) => index), 0, count);
    const options: GradientOptions = { labelSmoothing: 0, lossScale: null, gradFactor: 1, emulateFp16: false };
    const single = await createLocalGradientSource(model, params).compute(batch, options);
    const parallel = await createParallelGradientSource(model, params, { threads: 2, batchSize: count, imageShape: [16, 16, 3], numClasses: 4 });
    try {
      const both = await parallel.compute(batch, options);
      expect(both.loss).toBeCloseTo(single.loss, 5);
      const singleValues = single.grads.map((grad) => grad.dataSync() as Float32Array);
      const bothValues = both.grads.map((grad) => grad.dataSync() as Float32Array);
      let worst = 0;
      singleValues.forEach((values, tensor) => values.forEach((value, index) => (worst = Math.max(worst, Math.abs(value - (bothValues[tensor]?.[index] ?? Number.NaN))))));
      expect(worst).toBeLessThan(1e-5);
      expect(singleValues.some((values) => values.some((value) => value !== 0))).toBe(true);
    } finally {
      await parallel.dispose();
      tf.dispose([...single.grads]);
      model.dispose();
    }
  });
});
