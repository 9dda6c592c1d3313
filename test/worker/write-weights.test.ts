import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { ensureBackend } from '../../worker/inference/ensure-backend';
import { writeWeights } from '../../worker/inference/write-weights';

/** Weights in every stored form writeWeights reads: uint8 and uint16 codes, and raw float32 placed right after a uint8 weight (an offset that is not 4-aligned). */
function storedWeights(): { buffer: ArrayBuffer; specs: tf.io.WeightsManifestEntry[] } {
  const codes8 = Uint8Array.from({ length: 7 }, (_, i) => (i * 37 + 3) % 256);
  const codes16 = Uint16Array.from({ length: 6 }, (_, i) => (i * 9973 + 11) % 65536);
  const floats = Float32Array.from([0.1, -2.5, 3.25e-7, 1e20]);
  const bytes = new Uint8Array(7 + 12 + 16);
  bytes.set(codes8, 0);
  bytes.set(new Uint8Array(codes16.buffer), 7);
  bytes.set(new Uint8Array(floats.buffer), 19);
  return {
    buffer: bytes.buffer,
    specs: [
      { name: 'a/kernel', shape: [7], dtype: 'float32', quantization: { dtype: 'uint8', scale: 0.013, min: -1.7 } },
      { name: 'b/kernel', shape: [2, 3], dtype: 'float32', quantization: { dtype: 'uint16', scale: 3.1e-5, min: -0.9 } },
      { name: 'c/bias', shape: [4], dtype: 'float32' },
    ],
  };
}

describe('writeWeights', () => {
  // The wasm backend's weights are written into its heap in place; any other backend's are arrays it keeps.
  for (const backendName of ['wasm', 'cpu']) {
    it(`should write the same float32 values tfjs decodeWeights gives, bit for bit, on the ${backendName} backend`, async () => {
      await ensureBackend();
      const backend = tf.findBackend(backendName);
      if (backend === null) throw new Error(`no ${backendName} backend`);
      const { buffer, specs } = storedWeights();
      const written = writeWeights([buffer], specs, backend);
      if (written === undefined) throw new Error('writeWeights declined uint8/uint16/float32 weights');
      const expected = tf.io.decodeWeights(buffer, specs);
      try {
        for (const spec of specs) {
          const info = written.weights[spec.name];
          expect(info?.shape).toEqual(spec.shape);
          const values = backend.readSync(info?.dataId ?? {}) as Float32Array;
          expect(Array.from(values)).toEqual(Array.from(expected[spec.name]?.dataSync() ?? []));
        }
      } finally {
        tf.dispose(Object.values(expected));
      }
      const before = backend.numDataIds();
      written.release();
      expect(backend.numDataIds()).toBe(before - specs.length);
    });
  }

  it('should read weights split over several shards as one byte stream', async () => {
    await ensureBackend();
    const { buffer, specs } = storedWeights();
    const whole = writeWeights([buffer], specs, tf.backend());
    const split = writeWeights([buffer.slice(0, 10), buffer.slice(10, 21), buffer.slice(21)], specs, tf.backend());
    if (whole === undefined || split === undefined) throw new Error('writeWeights declined');
    for (const spec of specs) {
      const read = (weights: typeof whole) => Array.from(tf.backend().readSync(weights.weights[spec.name]?.dataId ?? {}) as Float32Array);
      expect(read(split)).toEqual(read(whole));
    }
    whole.release();
    split.release();
  });

  it('should leave float16 and non-float32 weights to tfjs', async () => {
    await ensureBackend();
    const halves: tf.io.WeightsManifestEntry[] = [{ name: 'h', shape: [2], dtype: 'float32', quantization: { dtype: 'float16' } }];
    expect(writeWeights([new ArrayBuffer(4)], halves, tf.backend())).toBeUndefined();
    expect(writeWeights([new ArrayBuffer(8)], [{ name: 'i', shape: [2], dtype: 'int32' }], tf.backend())).toBeUndefined();
  });

  it('should refuse weights the bytes do not cover, freeing what it wrote', async () => {
    await ensureBackend();
    const { buffer, specs } = storedWeights();
    const before = tf.backend().numDataIds();
    expect(() => writeWeights([buffer.slice(0, 30)], specs, tf.backend())).toThrow('weight c/bias needs bytes 19..35, the weights have 30');
    expect(tf.backend().numDataIds()).toBe(before);
  });
});
