import { OpenAPIHono } from '@hono/zod-openapi';
import { PatternRouter } from 'hono/router/pattern-router';
import type { AppEnv } from './app-env';
import { errorResponse } from './http/api-error';
import { handleError } from './http/handle-error';
import { validationHook } from './http/validation-hook';
import { apiContext } from './middleware/api-context';
import type { ServicesFor } from './model/create-isolate-services';
import { createDemoPageRoutes } from './routes/demo-page-routes';
import { createHealthRoutes } from './routes/health-routes';
import { createModelRoutes } from './routes/model-routes';
import { createDefaultPredictRoutes, createModelPredictRoutes } from './routes/predict-routes';

/** What the app needs from outside: the isolate's config and model registry, per request's bindings. */
export interface AppDeps {
  servicesFor: ServicesFor;
}

/**
 * Builds the Hono app. Nothing heavy happens here or on routes that do not infer: tfjs starts
 * on the first request that loads a model, and models load on first use.
 */
export function createApp(deps: AppDeps) {
  // PatternRouter: each route's pattern is one RegExp made when it is added, so an isolate's first
  // request matches at once. hono's default (RegExpRouter) builds its matchers on the first
  // request instead: about 1 ms of every cold isolate's first request here (bench:serve), and no
  // difference warm for this app's dozen routes.
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook, router: new PatternRouter() });
  // The isolate's services, the request id, CORS and the API headers: one middleware for all.
  app.use(apiContext({ servicesFor: deps.servicesFor }));
  const routes = app
    .route('/', createHealthRoutes())
    .route('/v1/models', createModelRoutes())
    .route('/v1/models', createModelPredictRoutes())
    .route('/v1', createDefaultPredictRoutes())
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
