import type { ServingModel } from '../inference/serving-model';

/** Options for `createModelCache`. */
export interface ModelCacheOptions {
  /** Budget in bytes of in-memory weights; least recently used models are evicted past it. */
  budgetBytes: number;
}

/** What the cache holds right now (for tests and logs). */
export interface ModelCacheStats {
  keys: string[];
  bytes: number;
  budgetBytes: number;
}

/** Loaded models of one isolate, least recently used first out. */
export interface ModelCache {
  /** The model under `key`, loading it with `load` once (concurrent callers share the load). */
  get(key: string, load: () => Promise<ServingModel>): Promise<ServingModel>;
  stats(): ModelCacheStats;
}

/** tfjs keeps every weight as float32 in memory, whatever the file's encoding: 4 bytes a parameter. */
export function estimateModelBytes(served: ServingModel): number {
  return served.paramCount * 4;
}

/**
 * An LRU cache of loaded models with a memory budget. The newest model always stays, even over
 * the budget (a model bigger than the budget still serves, it just evicts everything else).
 * Evicted models are disposed (their weight tensors freed). A failed load is not cached, so the
 * next request retries it.
 */
export function createModelCache(options: ModelCacheOptions): ModelCache {
  // Map iteration order is insertion order: the first entry is the least recently used.
  const ready = new Map<string, { served: ServingModel; bytes: number }>();
  const loading = new Map<string, Promise<ServingModel>>();
  let totalBytes = 0;

  function evictOverBudget(): void {
    for (const [key, entry] of ready) {
      if (totalBytes <= options.budgetBytes || ready.size <= 1) return;
      ready.delete(key);
      totalBytes -= entry.bytes;
      entry.served.dispose();
    }
  }

  return {
    get(key, load) {
      const hit = ready.get(key);
      if (hit !== undefined) {
        ready.delete(key);
        ready.set(key, hit);
        return Promise.resolve(hit.served);
      }
      const pending = loading.get(key);
      if (pending !== undefined) return pending;
      const started = load().then(
        (served) => {
          loading.delete(key);
          const bytes = estimateModelBytes(served);
          ready.set(key, { served, bytes });
          totalBytes += bytes;
          evictOverBudget();
          return served;
        },
        (error: unknown) => {
          loading.delete(key);
          throw error;
        },
      );
      loading.set(key, started);
      return started;
    },
    stats() {
      return { keys: [...ready.keys()], bytes: totalBytes, budgetBytes: options.budgetBytes };
    },
  };
}
