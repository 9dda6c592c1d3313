import { readWorkerConfig } from '../config/read-worker-config';
import type { WorkerConfig } from '../config/read-worker-config';
import { createModelCache } from './model-cache';
import { createModelRegistry } from './model-registry';
import type { BundledArtifact, ModelRegistry } from './model-registry';
import { createR2ModelStore } from './r2-model-store';

/** What every request (HTTP or RPC) of an isolate shares: its validated config and its registry. */
export interface IsolateServices {
  config: WorkerConfig;
  registry: ModelRegistry;
}

/** Options for `createIsolateServices`. */
export interface IsolateServicesOptions {
  /** The bundled artifacts (read lazily, on the first request). */
  bundled: () => readonly BundledArtifact[];
  now?: () => number;
}

/** `servicesFor(env)`: the services of the isolate, built on the first request. */
export type ServicesFor = (env: Env) => IsolateServices;

/**
 * `servicesFor(env)` for `createApp` and the RPC entrypoint: parses the vars and builds the
 * registry (its pointer and manifest caches, and the model cache) on the first request, and keeps
 * them for the life of the isolate — or of this factory's result, so each test can start from a
 * fresh one. The config is parsed once per `env` object (workerd passes the same one to every
 * request of an isolate); a malformed var throws on every request, as before.
 */
export function createIsolateServices(options: IsolateServicesOptions): ServicesFor {
  // The per-isolate caches: parsed config per env object, one registry created on first use.
  const configs = new WeakMap<object, WorkerConfig>();
  let registry: ModelRegistry | undefined;
  return (env) => {
    let config = configs.get(env);
    if (config === undefined) {
      config = readWorkerConfig(env);
      configs.set(env, config);
    }
    // MODELS is bound in wrangler.toml; a config (or test env) without the binding serves bundled models only.
    const bucket: R2Bucket | undefined = env.MODELS;
    registry ??= createModelRegistry({
      store: bucket === undefined ? undefined : createR2ModelStore(bucket),
      bundled: options.bundled(),
      defaultModel: config.defaultModel,
      pointerTtlMs: config.registryTtlMs,
      cache: createModelCache({ budgetBytes: config.modelCacheBytes }),
      ...(options.now === undefined ? {} : { now: options.now }),
    });
    return { config, registry };
  };
}
