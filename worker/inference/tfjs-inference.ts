// Everything of tfjs the worker runs, behind one module: only `startInference` imports it, so
// no route reaches tfjs but through it. (The module is evaluated at isolate start-up like any
// import; a dynamic import() would defer that, but the bundler then wraps every tfjs module in a
// lazy initializer it cannot tree-shake: 19 KiB more gzip and more CPU to the first predict.)
export { ensureBackend } from './ensure-backend';
export { scoreBatch } from './score-batch';
export { loadServingModel, servingModelOf } from './load-serving-model';
