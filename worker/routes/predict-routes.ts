import { createRoute } from '@hono/zod-openapi';
import type { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { AppEnv } from '../app-env';
import { limitBody } from '../middleware/limit-body';
import { logPredict } from '../middleware/log-predict';
import { requireApiToken } from '../middleware/require-api-token';
import { mediaTypeOf, requireMediaType } from '../middleware/require-media-type';
import type { ModelRef } from '../model/model-registry';
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
import { readPredictImages, REFUSED_MEDIA_TYPES } from '../predict/read-predict-images';
import type { PredictBodyInput } from '../predict/read-predict-images';
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

// What every predict route shares: the body, query, middleware and responses.
const predictRouteBase = {
  method: 'post' as const,
  tags: ['predict'],
  security: [{ bearer: [] }],
  // The log line (it sees every refusal), then auth (a 401 costs nothing), the size limit, the
  // media type; zod-openapi's validators run after these. The handler writes server-timing.
  middleware: [logPredict(), requireApiToken(), limitBody(), requireMediaType({ accepted: PREDICT_MEDIA_TYPES, explain: REFUSED_MEDIA_TYPES })],
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

type Params<Schema extends z.ZodType> = { in: { param: z.input<Schema> }; out: { param: z.output<Schema> } };

/**
 * What the predict routes' validators leave for the handler, and what `hc<AppType>` sends:
 * zod-openapi types every body media type as one union, so the input is spelled out here from
 * the same schemas (JSON typed for the client; multipart validated, raw images read as bytes).
 */
type PredictInput<Extra extends { in: object; out: object } = { in: object; out: object }> = {
  in: { query: z.input<typeof TopKQuerySchema>; json: z.input<typeof PredictJsonBodySchema> } & Extra['in'];
  out: {
    query: z.output<typeof TopKQuerySchema>;
    json: z.output<typeof PredictJsonBodySchema>;
    form: z.output<typeof PredictMultipartBodySchema>;
  } & Extra['out'];
};

type PredictContext<Path extends string, Input extends PredictInput> = Context<AppEnv, Path, Input>;

/**
 * The model a predict route names: `:name` and `:version` from the path (validated by the
 * route's params schema), the default model for `/v1/predict`.
 */
function resolveModelRef<Path extends string, Input extends PredictInput>(c: PredictContext<Path, Input>): Promise<ModelRef> {
  const registry = c.get('registry');
  return registry.resolve(c.req.param('name') ?? registry.defaultModel, c.req.param('version'));
}

/** The body as its validator left it: JSON and multipart validated by zod, raw images as bytes. */
async function predictBodyOf<Path extends string, Input extends PredictInput>(c: PredictContext<Path, Input>): Promise<PredictBodyInput> {
  const mediaType = mediaTypeOf(c.req.header('content-type'));
  if (mediaType === 'application/json') return { kind: 'json', body: c.req.valid('json') };
  if (mediaType === 'multipart/form-data') return { kind: 'multipart', body: c.req.valid('form') };
  return { kind: 'raw', bytes: await c.req.arrayBuffer() };
}

/** The one predict handler, for all three routes. */
async function handlePredict<Path extends string, Input extends PredictInput>(c: PredictContext<Path, Input>) {
  const startedMs = performance.now();
  const ref = await resolveModelRef(c);
  c.set('predictLog', { model: ref.name, version: ref.version });
  const { images, topK } = await readPredictImages(await predictBodyOf(c), c.get('config').maxBatchSize);
  c.set('predictLog', { model: ref.name, version: ref.version, images: images.length });
  const outcome = await predictImages(c.var, {
    ref,
    images,
    topKQuery: c.req.valid('query').top_k,
    topKBody: topK,
    requestId: c.get('requestId'),
  });
  c.set('predictLog', outcomeLogFields(outcome));
  c.header('Server-Timing', serverTiming(outcome.phases, startedMs));
  c.header('Timing-Allow-Origin', '*');
  return c.json(outcome.response, 200);
}

/** `POST /v1/predict`: the default model. */
export function createDefaultPredictRoutes() {
  return createRouter().openapi<typeof predictDefaultRoute, PredictInput>(predictDefaultRoute, handlePredict);
}

/** Under `/v1/models`: `POST /{name}/predict` and `POST /{name}/versions/{version}/predict`. */
export function createModelPredictRoutes() {
  return createRouter()
    .openapi<typeof predictModelRoute, PredictInput<Params<typeof ModelNameParamsSchema>>>(predictModelRoute, handlePredict)
    .openapi<typeof predictVersionRoute, PredictInput<Params<typeof ModelVersionParamsSchema>>>(predictVersionRoute, handlePredict);
}
