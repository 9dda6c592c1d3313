import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalGradientSource } from '../../../trainer/train/gradient-source';
import type { BatchArrays } from '../../../trainer/train/next-batch';
import { exampleLosses } from '../../../trainer/train/example-losses';
import { trimOutlierBatch } from '../../../trainer/train/trim-outlier-batch';

let model: tfl.LayersModel;

beforeAll(async () => {
  await tf.setBackend('cpu');
  // A confident two-class model on 1×1×2 "images": logits = 5·x.
  model = tfl.sequential({ layers: [tfl.layers.flatten({ inputShape: [1, 1, 2] }), tfl.layers.dense({ units: 2, useBias: false })] });
  model.setWeights([tf.tensor2d([[5, 0], [0, 5]])]);
});

afterAll(() => {
  model.dispose();
});

/** `labels.length` examples of class 0 (pixels [1, 0]) labelled as given: label 1 is a flipped label. */
function batch(labels: number[]): BatchArrays {
  return {
    images: new Float32Array(labels.flatMap(() => [1, 0])),
    targets: new Float32Array(labels.flatMap((label) => (label === 0 ? [1, 0] : [0, 1]))),
    size: labels.length,
    imageShape: [1, 1, 2],
    numClasses: 2,
  };
}

const options = { labelSmoothing: 0, lossScale: null, gradFactor: 1, emulateFp16: false };

describe('exampleLosses', () => {
  it('should give the smoothed cross-entropy of every row', () => {
    const logits = new Float32Array([2, 0, 2, 0]);
    const targets = new Float32Array([1, 0, 0, 1]);
    const plain = exampleLosses(logits, targets, 2, 0);
    expect(plain[0]).toBeCloseTo(Math.log(1 + Math.exp(-2)), 12);
    expect(plain[1]).toBeCloseTo(2 + Math.log(1 + Math.exp(-2)), 12);
    // smoothing 0.1 over 2 classes: targets 0.95 / 0.05
    expect(exampleLosses(logits, targets, 2, 0.1)[0]).toBeCloseTo(0.95 * Math.log(1 + Math.exp(-2)) + 0.05 * (2 + Math.log(1 + Math.exp(-2))), 12);
  });
});

describe('trimOutlierBatch', () => {
  const params = () => model.trainableWeights.map((weight) => weight.read() as tf.Variable);

  it('should train on the examples that fit the baseline and leave the flipped labels out', async () => {
    const source = createLocalGradientSource(model, params());
    const trimmed = await trimOutlierBatch(model, source, batch([0, 1, 0, 1, 1, 0, 0, 1]), 0.5, options);
    expect(trimmed).toMatchObject({ kept: 4, of: 8 });
    const clean = await source.compute(batch([0, 0, 0, 0]), options);
    expect(trimmed?.result.loss).toBeCloseTo(clean.loss, 6);
    expect(Array.from(trimmed?.result.grads[0]?.dataSync() ?? [])).toEqual(Array.from(clean.grads[0]?.dataSync() ?? [1]));
    tf.dispose([...(trimmed?.result.grads ?? []), ...clean.grads]);
  });

  it('should give up on a batch that is bad throughout (too few examples fit)', async () => {
    const source = createLocalGradientSource(model, params());
    expect(await trimOutlierBatch(model, source, batch([1, 1, 1, 1, 1, 1, 1, 0]), 0.5, options)).toBeNull(); // 1 of 8 < a quarter
    expect(await trimOutlierBatch(model, source, batch([0, 0, 0, 0]), 0.001, options)).toBeNull(); // nothing is below the limit
  });
});
