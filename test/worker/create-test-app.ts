import { env } from 'cloudflare:workers';
import { createApp } from '../../worker/app';
import { bundledModel } from '../../worker/model/bundled-artifact';
import { createIsolateServices } from '../../worker/model/create-isolate-services';
import type { BundledArtifact } from '../../worker/model/model-registry';

/** Options for `createTestApp`. */
export interface TestAppOptions {
  /** Bundled artifacts (default: the real bundled mnist, as the worker bundles it). */
  bundled?: BundledArtifact[];
  /** Vars and bindings over the real env (wrangler.toml + miniflare R2); `undefined` removes one. */
  env?: Record<string, string | undefined>;
  /** Clock for the registry's pointer TTL. */
  now?: () => number;
}

/** A test's client for a fresh app (fresh registry and model cache), run inside workerd. */
export type TestFetch = (path: string, init?: RequestInit) => Promise<Response>;

/**
 * Builds the real app with its own (fresh) per-isolate registry, to call with `app.request`
 * and an env that differs from wrangler.toml's (a token, a TTL of 0, no bucket).
 */
export function createTestApp(options: TestAppOptions = {}): TestFetch {
  const app = createApp({
    servicesFor: createIsolateServices({
      bundled: () => options.bundled ?? [bundledModel()],
      ...(options.now === undefined ? {} : { now: options.now }),
    }),
  });
  const testEnv = { ...env, ...options.env };
  return async (path, init) => app.request(`http://edgefuse.test${path}`, init, testEnv);
}
