import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { inferenceState } from '../../worker/inference/start-inference';
import { fetchWorker } from './fetch-worker';
import { digitBytes } from './image-fixtures';

// Each test file runs in its own isolate, and this file has one test: its first request is the
// isolate's first, as for a fresh isolate behind a liveness probe.
describe('tfjs start-up', () => {
  it('should not start tfjs for /healthz or the metadata routes, only for the first predict', async () => {
    for (const path of ['/healthz', '/v1/models', '/v1/models/mnist', '/openapi.json']) {
      expect((await fetchWorker(path)).status).toBe(200);
    }
    expect(inferenceState()).toBe('idle');
    // tfjs' own view: no backend instantiated, none chosen.
    expect(Object.keys(tf.engine().registry)).toEqual([]);

    const response = await fetchWorker('/v1/predict', { method: 'POST', headers: { 'content-type': 'image/png' }, body: digitBytes('png') });
    expect(response.status).toBe(200);
    expect(inferenceState()).toBe('ready');
    expect(Object.keys(tf.engine().registry)).toContain('wasm');
  });
});
