import type { PredictPhases } from '../predict/predict-images';

/**
 * The `Server-Timing` value of a successful predict: its phases and `total` (since `startedMs`),
 * ms with one decimal, as hono's `timing()` writes them. Set on the response before it is built
 * (hono's middleware appends to the finished response, which costs a header copy per request).
 */
export function serverTiming(phases: PredictPhases, startedMs: number): string {
  const total = performance.now() - startedMs;
  return `decode;dur=${phases.decodeMs.toFixed(1)}, preprocess;dur=${phases.preprocessMs.toFixed(1)}, infer;dur=${phases.inferMs.toFixed(1)}, total;dur=${total.toFixed(1)}`;
}
