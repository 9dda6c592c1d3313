import { availableParallelism } from 'node:os';

/** Backends whose training can be split across worker threads (each thread loads its own copy). */
const PARALLEL_BACKENDS = new Set(['wasm', 'cpu']);

/**
 * Most threads `threads: 0` picks. Each thread holds its own wasm backend and model replica, and a
 * batch of 64 split further leaves each thread too little work per step; `--threads N` goes higher.
 */
const MAX_AUTO_THREADS = 8;

/** How many threads a run trains with, and why. */
export interface ThreadPlan {
  threads: number;
  reason: string;
}

/**
 * Turns the `threads` setting into a thread count for a run on tfjs backend `backend`:
 * 0 means one per core (at most 8); native backends (tfjs-node) already use every core inside TensorFlow, so
 * they always get one; no more threads than examples per batch.
 *
 * @example
 * resolveThreads(0, 'wasm', 64); // { threads: 2, reason: 'one per core' } on a 2-core machine
 */
export function resolveThreads(requested: number, backend: string, batchSize: number): ThreadPlan {
  if (backend === 'webgpu') return { threads: 1, reason: 'one stream on the GPU (threads are a CPU feature)' };
  if (!PARALLEL_BACKENDS.has(backend)) {
    return { threads: 1, reason: `the ${backend} backend parallelizes inside its own kernels` };
  }
  const cores = availableParallelism();
  const wanted = requested === 0 ? Math.min(cores, MAX_AUTO_THREADS) : requested;
  if (wanted > batchSize) return { threads: batchSize, reason: `at most one per example of a ${batchSize}-example batch` };
  if (requested !== 0) return { threads: wanted, reason: 'requested' };
  return { threads: wanted, reason: cores > MAX_AUTO_THREADS ? `one per core, at most ${MAX_AUTO_THREADS}` : 'one per core' };
}
