import { createRoute } from '@hono/zod-openapi';
import type { z } from '@hono/zod-openapi';
import type { Context, TypedResponse } from 'hono';
import type { AppEnv } from '../app-env';
import { checkApiToken } from '../checks/check-api-token';
import { checkBodySize } from '../checks/check-body-size';
import { checkMediaType, mediaTypeOf } from '../checks/check-media-type';
import { prestartInference } from '../inference/start-inference';
import { logPredict } from '../middleware/log-predict';
import { outcomeLogFields } from '../observability/predict-log-line';
import { serverTiming } from '../observability/server-timing';
import {
  ErrorSchema,
  jsonContent,
  ModelNameParamsSchema,
  ModelVersionParamsSchema,
  PREDICT_MEDIA_TYPES,
  PredictBody,
  PredictResponseSchema,
  TopKQuerySchema,
} from '../openapi/api-schemas';
import type { PredictJsonBodySchema, PredictMultipartBodySchema } from '../openapi/api-schemas';
import { predictImages } from '../predict/predict-images';
import type { PredictResponse } from '../predict/predict-images';
import { readPredictImages, REFUSED_MEDIA_TYPES } from '../predict/read-predict-images';
import { validParams, validPredictBody, validTopKQuery } from '../predict/validate-predict-input';
import { createRouter } from './create-router';

const predictResponses = {
  200: jsonContent(PredictResponseSchema, 'top-k per image, in input order'),
  400: jsonContent(ErrorSchema, '`invalid_parameter`, `invalid_request`, `empty_body`'),
  401: jsonContent(ErrorSchema, '`unauthorized` (only when API_TOKEN is set)'),
  404: jsonContent(ErrorSchema, '`model_not_found`, `version_not_found`'),
  413: jsonContent(ErrorSchema, '`payload_too_large`, `image_too_large`, `batch_too_large`'),
  415: jsonContent(ErrorSchema, '`unsupported_media_type`'),
  422: jsonContent(ErrorSchema, '`invalid_image`'),
  503: jsonContent(ErrorSchema, '`model_unavailable`'),
};

// What every predict route documents: the body, query and responses.
const predictRouteBase = {
  method: 'post' as const,
  tags: ['predict'],
  security: [{ bearer: [] }],
  responses: predictResponses,
};

const predictRequest = { query: TopKQuerySchema, body: PredictBody };

const predictDefaultRoute = createRoute({
  ...predictRouteBase,
  path: '/predict',
  summary: 'Predict with the default model',
  request: predictRequest,
});

const predictModelRoute = createRoute({
  ...predictRouteBase,
  path: '/{name}/predict',
  summary: "Predict with a model's default version",
  request: { ...predictRequest, params: ModelNameParamsSchema },
});

const predictVersionRoute = createRoute({
  ...predictRouteBase,
  path: '/{name}/versions/{version}/predict',
  summary: 'Predict with one version',
  request: { ...predictRequest, params: ModelVersionParamsSchema },
});

/**
 * What the predict handler validates, and what `hc<AppType>` sends: zod-openapi types every body
 * media type as one union, so the input is spelled out here from the same schemas (JSON typed
 * for the client; multipart validated, raw images read as bytes).
 */
type PredictInput<Params extends object = object> = {
  in: { query: z.input<typeof TopKQuerySchema>; json: z.input<typeof PredictJsonBodySchema> } & ({} extends Params ? object : { param: Params });
  out: { query: z.output<typeof TopKQuerySchema>; json: z.output<typeof PredictJsonBodySchema>; form: z.output<typeof PredictMultipartBodySchema> };
};

/**
 * The 200 of a predict: its JSON and every header in one constructor call (hono's `c.json()`
 * would add them one `Headers.set()` at a time, a runtime call each), typed as `c.json()`'s
 * answer so `hc<AppType>` reads the body's type. The cast states only that: the body is `body`'s JSON.
 */
function predictResponse(body: PredictResponse, headers: Readonly<Record<string, string>>): Response & TypedResponse<PredictResponse, 200, 'json'> {
  const response = new Response(JSON.stringify(body), { status: 200, headers: { ...headers, 'content-type': 'application/json' } });
  return response as Response & TypedResponse<PredictResponse, 200, 'json'>;
}

/** The checks before any predict work, in order: auth (a 401 costs nothing), the size limit, the media type. */
const predictChecks = [checkApiToken(), checkBodySize(), checkMediaType({ accepted: PREDICT_MEDIA_TYPES, explain: REFUSED_MEDIA_TYPES })];

/**
 * The one predict handler, for all three routes: the checks, then the query, path and body
 * validated by the routes' schemas (as zod-openapi's validators would, with the same 400s), then
 * the predict. Refusals are thrown to `app.onError`; the `logPredict` middleware around it writes
 * the log line either way. `paramsSchema` is the route's path schema (none for `/v1/predict`).
 */
function predictHandler<Path extends string, Params extends object>(paramsSchema: z.ZodType<Params> | undefined) {
  return async function handlePredict(c: Context<AppEnv, Path, PredictInput<Params>>) {
    const startedMs = performance.now();
    for (const check of predictChecks) await check(c);
    const mediaType = mediaTypeOf(c.req.header('content-type'));
    const topKQuery = validTopKQuery(c);
    const params: Partial<Record<'name' | 'version', string>> = paramsSchema === undefined ? {} : validParams(c, paramsSchema);
    // The body is validated before the model is looked up, as zod-openapi's validators ran before the handler.
    const body = await validPredictBody(c, mediaType);
    prestartInference();
    const registry = c.get('registry');
    const ref = await registry.resolve(params.name ?? registry.defaultModel, params.version);
    c.set('predictLog', { model: ref.name, version: ref.version });
    const { images, topK } = await readPredictImages(body, c.get('config').maxBatchSize);
    c.set('predictLog', { model: ref.name, version: ref.version, images: images.length });
    const outcome = await predictImages(c.var, { ref, images, topKQuery, topKBody: topK, requestId: c.get('requestId') });
    c.set('predictLog', outcomeLogFields(outcome));
    return predictResponse(outcome.response, {
      ...c.get('apiHeaders'),
      'x-request-id': c.get('requestId'),
      'server-timing': serverTiming(outcome.phases, startedMs),
      'timing-allow-origin': '*',
    });
  };
}

/** `POST /v1/predict`: the default model. */
export function createDefaultPredictRoutes() {
  const router = createRouter();
  // Documented from the route definitions; served without zod-openapi's validator middleware.
  router.openAPIRegistry.registerPath(predictDefaultRoute);
  return router.post('/predict', logPredict(), predictHandler<'/predict', object>(undefined));
}

/** Under `/v1/models`: `POST /{name}/predict` and `POST /{name}/versions/{version}/predict`. */
export function createModelPredictRoutes() {
  const router = createRouter();
  router.openAPIRegistry.registerPath(predictModelRoute);
  router.openAPIRegistry.registerPath(predictVersionRoute);
  return router
    .post('/:name/predict', logPredict(), predictHandler<'/:name/predict', z.output<typeof ModelNameParamsSchema>>(ModelNameParamsSchema))
    .post('/:name/versions/:version/predict', logPredict(), predictHandler<'/:name/versions/:version/predict', z.output<typeof ModelVersionParamsSchema>>(ModelVersionParamsSchema));
}
