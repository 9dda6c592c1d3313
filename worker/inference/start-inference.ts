import type * as TfjsInference from './tfjs-inference';

/** tfjs as the worker uses it: model loading and batch scoring, with its backend started. */
export type Inference = Pick<typeof TfjsInference, 'loadServedModel' | 'scoreBatch'>;

/** Where this isolate's tfjs is: never asked for, starting, or ready. */
export type InferenceState = 'idle' | 'starting' | 'ready';

// The per-isolate cache: tfjs, imported and started once, by the first caller that needs a model.
let inference: Promise<Inference> | undefined;
let state: InferenceState = 'idle';

/**
 * Imports tfjs (module evaluation, kernel registration) and starts its backend, once per
 * isolate; later calls return the same promise. Only code that loads or runs a model calls this.
 */
export function startInference(): Promise<Inference> {
  inference ??= (async () => {
    state = 'starting';
    const tfjs = await import('./tfjs-inference');
    await tfjs.ensureBackend();
    state = 'ready';
    return tfjs;
  })().catch((error: unknown) => {
    // Not cached: the next request tries again (and logs again) rather than failing forever.
    inference = undefined;
    state = 'idle';
    throw error;
  });
  return inference;
}

/** Whether this isolate has started tfjs (for tests and logs; never starts it). */
export function inferenceState(): InferenceState {
  return state;
}
