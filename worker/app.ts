import { OpenAPIHono } from '@hono/zod-openapi';
import { requestId } from 'hono/request-id';
import { secureHeaders } from 'hono/secure-headers';
import { timing } from 'hono/timing';
import type { AppEnv } from './app-env';
import { readWorkerConfig } from './config/read-worker-config';
import type { WorkerConfig } from './config/read-worker-config';
import { errorResponse } from './http/api-error';
import { handleError } from './http/handle-error';
import { validationHook } from './http/validation-hook';
import { ensureBackend } from './inference/ensure-backend';
import { corsFromConfig } from './middleware/cors-from-config';
import type { ModelRegistry } from './model/model-registry';
import { createDemoPageRoutes } from './routes/demo-page-routes';
import { createHealthRoutes } from './routes/health-routes';
import { createModelRoutes } from './routes/model-routes';
import { createPredictRoutes } from './routes/predict-routes';

/** What the app needs from outside: where its models come from, per request's bindings. */
export interface AppDeps {
  registryFor(env: Env, config: WorkerConfig): ModelRegistry;
}

/**
 * Builds the Hono app. Nothing heavy happens here: the tfjs backend starts on the first request
 * and models load on first use.
 */
export function createApp(deps: AppDeps) {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  app
    // Echoes a valid incoming x-request-id (≤ 255 chars of [\w=-]) or generates one.
    .use(requestId({ headerName: 'x-request-id' }))
    .use(async function attachConfigAndRegistry(c, next) {
      const config = readWorkerConfig(c.env);
      c.set('config', config);
      c.set('registry', deps.registryFor(c.env, config));
      await ensureBackend();
      await next();
    })
    .use(corsFromConfig())
    .use(secureHeaders())
    .use(timing({ total: true, crossOrigin: true }));
  const routes = app
    .route('/', createHealthRoutes())
    .route('/', createModelRoutes())
    .route('/', createPredictRoutes())
    .route('/', createDemoPageRoutes());
  app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', {
    type: 'http',
    scheme: 'bearer',
    description: 'Required by the predict routes only when the worker has an API_TOKEN secret.',
  });
  app.doc('/openapi.json', {
    openapi: '3.0.3',
    info: { title: 'edgefuse', version: '1', description: 'Image classifiers trained with edgefuse, served from Cloudflare Workers.' },
  });
  app.notFound((c) => errorResponse(404, 'not_found', `no route for ${c.req.method} ${c.req.path}`));
  app.onError(handleError);
  return routes;
}

/** The app's type, for `hc<AppType>()` typed clients. */
export type AppType = ReturnType<typeof createApp>;
