import { createApp } from './app';
import { bundledModel } from './model/bundled-artifact';
import { createIsolateServices } from './model/create-isolate-services';
import { createClassifierEntrypoint } from './rpc/create-classifier-entrypoint';

export type { AppType } from './app';
export type { ClassifierPredictInput, ClassifierRpcErrorInfo } from './rpc/classifier-rpc-types';

// The per-isolate services (config, registry and loaded models), shared by HTTP and RPC.
const servicesFor = createIsolateServices({ bundled: () => [bundledModel()] });

// HTTP: the Hono app.
export default createApp({ servicesFor });

/** RPC: `env.CLASSIFIER.predict(...)`, `models()`, `describe(name, version?)` over a service binding. */
export class Classifier extends createClassifierEntrypoint({ servicesFor }) {}
