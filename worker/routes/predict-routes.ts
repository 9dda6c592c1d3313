import { createRoute } from '@hono/zod-openapi';
import { limitBody } from '../middleware/limit-body';
import { requireApiToken } from '../middleware/require-api-token';
import { requireMediaType } from '../middleware/require-media-type';
import {
  BinaryImageSchema,
  ErrorSchema,
  jsonContent,
  ModelNameParamsSchema,
  ModelVersionParamsSchema,
  PredictJsonBodySchema,
  PredictMultipartBodySchema,
  PredictResponseSchema,
  TopKQuerySchema,
} from '../openapi/api-schemas';
import { predictImages } from '../predict/predict-images';
import { PREDICT_MEDIA_TYPES, readPredictImages, REFUSED_MEDIA_TYPES } from '../predict/read-predict-images';
import { createRouter } from './create-router';

const bodyDescription = 'One raw PNG/JPEG, multipart `image` parts (a batch), or JSON base64 instances (a batch).';

// What the handlers see: JSON validated by zod (and typed for hc<AppType>), every other body
// passed through to readPredictImages ('*/*' keeps zod-openapi's media-type gate open; the
// requireMediaType middleware has already refused what is not accepted).
const predictRequest = {
  query: TopKQuerySchema,
  body: {
    description: bodyDescription,
    content: { 'application/json': { schema: PredictJsonBodySchema }, '*/*': { schema: BinaryImageSchema } },
  },
};

// What /openapi.json shows: every accepted media type, generated from the same schemas.
const documentedBody = {
  description: bodyDescription,
  content: {
    'image/png': { schema: BinaryImageSchema },
    'image/jpeg': { schema: BinaryImageSchema },
    'multipart/form-data': { schema: PredictMultipartBodySchema },
    'application/json': { schema: PredictJsonBodySchema },
  },
};

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

// Auth first (a 401 costs nothing), then the size limit, then the media type, then zod.
function predictMiddleware() {
  return [requireApiToken(), limitBody(), requireMediaType({ accepted: PREDICT_MEDIA_TYPES, explain: REFUSED_MEDIA_TYPES })];
}

const security = [{ bearer: [] }];

const predictDefaultRoute = createRoute({
  method: 'post',
  path: '/v1/predict',
  tags: ['predict'],
  summary: 'Predict with the default model',
  security,
  hide: true,
  middleware: predictMiddleware(),
  request: predictRequest,
  responses: predictResponses,
});

const predictModelRoute = createRoute({
  method: 'post',
  path: '/v1/models/{name}/predict',
  tags: ['predict'],
  summary: "Predict with a model's default version",
  security,
  hide: true,
  middleware: predictMiddleware(),
  request: { ...predictRequest, params: ModelNameParamsSchema },
  responses: predictResponses,
});

const predictVersionRoute = createRoute({
  method: 'post',
  path: '/v1/models/{name}/versions/{version}/predict',
  tags: ['predict'],
  summary: 'Predict with one version',
  security,
  hide: true,
  middleware: predictMiddleware(),
  request: { ...predictRequest, params: ModelVersionParamsSchema },
  responses: predictResponses,
});

/** The predict routes: default model, a model's default version, one version. */
export function createPredictRoutes() {
  const router = createRouter();
  // The routes below are hidden from the generator; these are their documented twins.
  for (const { middleware: _middleware, hide: _hide, ...route } of [predictDefaultRoute, predictModelRoute, predictVersionRoute]) {
    router.openAPIRegistry.registerPath({ ...route, request: { ...route.request, body: documentedBody } });
  }
  return router
    .openapi(predictDefaultRoute, async (c) => {
      const registry = c.get('registry');
      const ref = await registry.resolve(registry.defaultModel);
      const { images, topK } = await readPredictImages(c);
      return c.json(await predictImages(c, { ref, images, topKQuery: c.req.valid('query').top_k, topKBody: topK }), 200);
    })
    .openapi(predictModelRoute, async (c) => {
      const ref = await c.get('registry').resolve(c.req.valid('param').name);
      const { images, topK } = await readPredictImages(c);
      return c.json(await predictImages(c, { ref, images, topKQuery: c.req.valid('query').top_k, topKBody: topK }), 200);
    })
    .openapi(predictVersionRoute, async (c) => {
      const { name, version } = c.req.valid('param');
      const ref = await c.get('registry').resolve(name, version);
      const { images, topK } = await readPredictImages(c);
      return c.json(await predictImages(c, { ref, images, topKQuery: c.req.valid('query').top_k, topKBody: topK }), 200);
    });
}
