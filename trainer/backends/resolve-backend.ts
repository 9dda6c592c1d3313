import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';

/** The backend a run uses and why it was chosen. */
export interface ResolvedBackend {
  name: string;
  reason: string;
}

/** Activates the requested backend (`auto` = the fastest installed) and says which one is active. */
export async function resolveBackend(requested: 'auto' | 'wasm' | 'cpu'): Promise<ResolvedBackend> {
  // TODO(wasm): wasm training kernels land from trainer/backends/wasm.
  await tf.setBackend('cpu');
  await tf.ready();
  return { name: 'cpu', reason: requested === 'cpu' ? 'requested' : 'only backend available' };
}
