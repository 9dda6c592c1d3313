/** Backends a run can ask for; `auto` picks the fastest one that is installed. */
export const BACKEND_CHOICES = ['auto', 'webgpu', 'wasm', 'cpu', 'tfjs-node', 'tfjs-node-gpu'] as const;

/** One of `BACKEND_CHOICES`. */
export type BackendChoice = (typeof BACKEND_CHOICES)[number];
