import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { trainingFlopsPerExample } from '../../../bench/train/training-flops';
import { createModel } from '../../../trainer/model/create-model';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('trainingFlopsPerExample', () => {
  it('should count 3 × 2 × multiply-adds of the reference CNN by hand', () => {
    const model = createModel({ architecture: 'cnn-small', input: { height: 28, width: 28, channels: 1 }, numClasses: 10, seed: 1 });
    // conv1: 26·26·16 outputs × 3·3·1 MACs; conv2: 11·11·32 × 3·3·16; dense: 800·64 and 64·10.
    const macs = 26 * 26 * 16 * 9 + 11 * 11 * 32 * 9 * 16 + 800 * 64 + 64 * 10;
    expect(trainingFlopsPerExample(model)).toBe(3 * 2 * macs);
    model.dispose();
  });
});
