import * as tf from '@tensorflow/tfjs-core';
import { BackendWasm } from '@tensorflow/tfjs-backend-wasm/dist/backend_wasm.js';
import { describe, expect, it } from 'vitest';
import { loadServedModel, predictScores } from '../../shared/model';
import { ensureBackend } from '../../worker/inference/ensure-backend';
import { WASM_BACKEND } from '../../worker/inference/wasm-backend';
import { bundledArtifact } from '../../worker/model/bundled-artifact';

const RUNS = 40;

/** Deterministic [0, 1) pixels (a linear congruential generator), `count` images of `size` values. */
function syntheticImages(count: number, size: number, seed: number): Float32Array[] {
  let state = seed >>> 0;
  return Array.from({ length: count }, () =>
    Float32Array.from({ length: size }, () => {
      state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
      return state / 2 ** 32;
    }),
  );
}

// workerd advances performance.now() only across I/O, so a reading taken right after a timer
// fires includes all the compute since the previous one.
async function clockAfterTimer(): Promise<number> {
  await new Promise((resolve) => setTimeout(resolve, 0));
  return performance.now();
}

interface BackendRun {
  scores: Float32Array[];
  msPerBatch: number;
}

/** Loads the bundled MNIST model on `backend` and times `RUNS` predictions of `images`. */
async function runOn(backend: string, images: readonly Float32Array[]): Promise<BackendRun> {
  expect(await tf.setBackend(backend)).toBe(true);
  const served = await loadServedModel(bundledArtifact());
  try {
    const scores = await predictScores(served, images); // warm-up: kernel setup, first allocations
    const start = await clockAfterTimer();
    for (let run = 0; run < RUNS; run += 1) await predictScores(served, images);
    const end = await clockAfterTimer();
    return { scores, msPerBatch: (end - start) / RUNS };
  } finally {
    served.model.dispose();
  }
}

describe('ensureBackend', () => {
  it('should activate the wasm backend in workerd', async () => {
    await ensureBackend();
    expect(tf.getBackend()).toBe(WASM_BACKEND);
  });

  it("should not let the emscripten glue take its Node.js path (no __dirname when deployed)", async () => {
    await ensureBackend();
    const backend = tf.backend();
    if (!(backend instanceof BackendWasm)) throw new Error(`expected BackendWasm, got ${tf.getBackend()}`);
    // Only the glue's Node.js branch defines Module.inspect; the test runner's module loader
    // provides __dirname, so that branch would pass here and fail in a deployed worker.
    expect(backend.wasm).not.toHaveProperty('inspect');
    // …and workerd's `process`, hidden from the glue while it starts, is back.
    expect(Reflect.get(globalThis, 'process')).toBeTypeOf('object');
  });

  for (const batchSize of [1, 32]) {
    it(`should give the cpu backend's scores within 1e-4 on the bundled model, batch ${batchSize}`, async () => {
      await ensureBackend();
      const images = syntheticImages(batchSize, 28 * 28, batchSize);
      try {
        const cpu = await runOn('cpu', images);
        const wasm = await runOn(WASM_BACKEND, images);
        console.log(
          `bundled mnist, batch ${batchSize}, mean of ${RUNS} runs: ` +
            `cpu ${cpu.msPerBatch.toFixed(2)} ms, wasm ${wasm.msPerBatch.toFixed(2)} ms`,
        );
        expect(wasm.scores).toHaveLength(batchSize);
        wasm.scores.forEach((row, image) => {
          const expected = cpu.scores[image] ?? new Float32Array();
          expect(row).toHaveLength(expected.length);
          row.forEach((score, cls) => expect(Math.abs(score - (expected[cls] ?? Number.NaN))).toBeLessThan(1e-4));
        });
        // The clock advanced, so the timings above measured something.
        expect(cpu.msPerBatch).toBeGreaterThan(0);
      } finally {
        await tf.setBackend(WASM_BACKEND);
      }
    });
  }
});
