import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { reseedDropout } from '../../../trainer/train/reseed-dropout';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

function dropoutModel(seed: number | undefined): tfl.LayersModel {
  const model = tfl.sequential();
  model.add(tfl.layers.dropout({ inputShape: [64], rate: 0.5, ...(seed === undefined ? {} : { seed }) }));
  return model;
}

/** The dropout mask of one training-mode call, as a 0/1 string. */
function mask(model: tfl.LayersModel): string {
  return tf.tidy(() => Array.from((model.apply(tf.ones([1, 64]), { training: true }) as tf.Tensor).dataSync(), (value) => (value === 0 ? '0' : '1')).join(''));
}

describe('reseedDropout', () => {
  it('draws a fresh mask per step and per shard, the same one again for the same step and shard', () => {
    const model = dropoutModel(7);
    const stuck = mask(model);
    expect(mask(model)).toBe(stuck); // tfjs' seeded dropout repeats its mask: the bug this fixes

    const masks = [0, 1, 2].map((step) => {
      reseedDropout(model, step, 0);
      return mask(model);
    });
    expect(new Set(masks).size).toBe(3);
    reseedDropout(model, 1, 1);
    const otherShard = mask(model);
    expect(masks).not.toContain(otherShard);
    reseedDropout(model, 1, 0);
    expect(mask(model)).toBe(masks[1]);

    const twin = dropoutModel(7); // a replica (another thread, a resumed run) draws the same masks
    reseedDropout(twin, 2, 0);
    expect(mask(twin)).toBe(masks[2]);
  });

  it('leaves an unseeded dropout layer alone', () => {
    const model = dropoutModel(undefined);
    reseedDropout(model, 3, 0);
    expect((model.layers[0] as unknown as { seed?: number }).seed).toBeUndefined();
  });
});
