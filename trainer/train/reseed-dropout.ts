import type * as tfl from '@tensorflow/tfjs-layers';

/** The `seed` field every tfjs-layers Dropout holds (private in its typings). */
interface SeededLayer {
  seed?: number;
}

const originalSeeds = new WeakMap<tfl.layers.Layer, number | undefined>();

/**
 * Gives every seeded Dropout layer of `model` a seed for this step and shard. A seeded tfjs Dropout
 * draws the same mask on every call, which would drop the same units on every step; unseeded ones
 * draw from Math.random, which breaks reproducible runs. Deriving the seed from the layer's own
 * seed, the step and the shard gives fresh masks that a resumed run draws again exactly. Unseeded
 * layers are left alone.
 *
 * @example
 * reseedDropout(model, step, 0); // before model.apply(x, { training: true })
 */
export function reseedDropout(model: tfl.LayersModel, step: number, shard: number): void {
  for (const layer of model.layers) {
    if (layer.getClassName() !== 'Dropout') continue;
    const seeded = layer as unknown as SeededLayer;
    if (!originalSeeds.has(layer)) originalSeeds.set(layer, seeded.seed);
    const original = originalSeeds.get(layer);
    if (original === undefined) continue;
    seeded.seed = original + step * 104_729 + shard * 7_919; // distinct primes: no collisions across a run
  }
}
