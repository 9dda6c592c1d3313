// Everything of tfjs the worker runs, behind one module that `startInference` imports on first
// use: the bundler keeps a dynamically imported module lazy, so an isolate that never infers
// (a /healthz probe, the metadata routes) never evaluates tfjs, its kernels or the wasm glue.
export { ensureBackend } from './ensure-backend';
export { scoreBatch } from './score-batch';
export { loadServedModel } from '../../shared/model';
