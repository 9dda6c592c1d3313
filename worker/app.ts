import { Hono } from 'hono';
import type { AppEnv } from './app-env';
import { errorResponse } from './http/api-error';
import { handleError } from './http/handle-error';
import { ensureBackend } from './inference/ensure-backend';
import type { ModelRegistry } from './model/model-registry';
import { createHealthRoutes } from './routes/health-routes';
import { createModelRoutes } from './routes/model-routes';
import { createPredictRoutes } from './routes/predict-routes';

/** What the app needs from outside: where its models come from, per request's bindings. */
export interface AppDeps {
  registryFor(env: Env): ModelRegistry;
}

/**
 * Builds the Hono app. Nothing heavy happens here: models load on first use.
 */
export function createApp(deps: AppDeps) {
  const app = new Hono<AppEnv>()
    .use(async function attachRegistry(c, next) {
      await ensureBackend();
      c.set('registry', deps.registryFor(c.env));
      await next();
    })
    .route('/', createHealthRoutes())
    .route('/', createModelRoutes())
    .route('/', createPredictRoutes());
  app.notFound((c) => errorResponse(404, 'not_found', `no route for ${c.req.method} ${c.req.path}`));
  app.onError(handleError);
  return app;
}

/** The app's type, for `hc<AppType>()` typed clients. */
export type AppType = ReturnType<typeof createApp>;
