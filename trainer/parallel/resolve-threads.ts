import { availableParallelism } from 'node:os';

/** Backends whose training can be split across worker threads (each thread loads its own copy). */
const PARALLEL_BACKENDS = new Set(['wasm', 'cpu']);

/** How many threads a run trains with, and why. */
export interface ThreadPlan {
  threads: number;
  reason: string;
}

/**
 * Turns the `threads` setting into a thread count for a run on tfjs backend `backend`:
 * 0 means one per core; native backends (tfjs-node) already use every core inside TensorFlow, so
 * they always get one; no more threads than examples per batch.
 *
 * @example
 * resolveThreads(0, 'wasm', 64); // { threads: 2, reason: 'one per core' } on a 2-core machine
 */
export function resolveThreads(requested: number, backend: string, batchSize: number): ThreadPlan {
  if (!PARALLEL_BACKENDS.has(backend)) {
    return { threads: 1, reason: `the ${backend} backend parallelizes inside its own kernels` };
  }
  const wanted = requested === 0 ? availableParallelism() : requested;
  if (wanted > batchSize) return { threads: batchSize, reason: `at most one per example of a ${batchSize}-example batch` };
  return { threads: wanted, reason: requested === 0 ? 'one per core' : 'requested' };
}
