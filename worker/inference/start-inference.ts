import * as tfjs from './tfjs-inference';

/** tfjs as the worker uses it: model loading and batch scoring, with its backend started. */
export type Inference = Pick<typeof tfjs, 'loadServingModel' | 'servingModelOf' | 'scoreBatch'>;

/** Where this isolate's tfjs is: never asked for, starting, or ready. */
export type InferenceState = 'idle' | 'starting' | 'ready';

// The per-isolate cache: tfjs' backend, started once, by the first caller that needs a model.
let inference: Promise<Inference> | undefined;
let state: InferenceState = 'idle';

/**
 * Starts tfjs' backend (the wasm module's instantiation, or the cpu fallback), once per isolate;
 * later calls return the same promise. Only code that loads or runs a model calls this, so a
 * /healthz probe or a metadata route never pays for it.
 */
export function startInference(): Promise<Inference> {
  inference ??= (async () => {
    state = 'starting';
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

/**
 * Starts tfjs without waiting for it: for a request that will need a model, while it still
 * resolves which one (an R2 read on a cold isolate), so the backend's start overlaps that I/O.
 * A failure is not lost: `startInference()` is awaited again where the model loads.
 */
export function prestartInference(): void {
  startInference().catch(() => undefined);
}
