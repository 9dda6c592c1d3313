import type { ArtifactSource } from '../../shared/artifact';
import type { WorkerConfig } from '../config/read-worker-config';
import { createModelCache } from './model-cache';
import { createModelRegistry } from './model-registry';
import type { ModelRegistry } from './model-registry';
import { createR2ModelStore } from './r2-model-store';

/** Options for `createIsolateRegistry`. */
export interface IsolateRegistryOptions {
  /** The bundled artifacts (read lazily, on the first request). */
  bundled: () => readonly ArtifactSource[];
  now?: () => number;
}

/**
 * `registryFor(env, config)` for `createApp`: builds the registry (its pointer and manifest
 * caches, and the model cache) on the first request and keeps it for the life of the isolate —
 * or of this factory's result, so each test can start from a fresh one.
 */
export function createIsolateRegistry(options: IsolateRegistryOptions): (env: Env, config: WorkerConfig) => ModelRegistry {
  // The per-isolate cache: one registry, created on first use.
  let isolateRegistry: ModelRegistry | undefined;
  return (env, config) => {
    // MODELS is bound in wrangler.toml; a config (or test env) without the binding serves bundled models only.
    const bucket: R2Bucket | undefined = env.MODELS;
    isolateRegistry ??= createModelRegistry({
      store: bucket === undefined ? undefined : createR2ModelStore(bucket),
      bundled: options.bundled(),
      defaultModel: config.defaultModel,
      pointerTtlMs: config.registryTtlMs,
      cache: createModelCache({ budgetBytes: config.modelCacheBytes }),
      ...(options.now === undefined ? {} : { now: options.now }),
    });
    return isolateRegistry;
  };
}
