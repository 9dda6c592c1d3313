import type { ModelRegistry } from './model/model-registry';

/** Hono's environment for every route: the worker's bindings and the per-request registry. */
export interface AppEnv {
  Bindings: Env;
  Variables: { registry: ModelRegistry };
}
