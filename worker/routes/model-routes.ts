import { createRoute } from '@hono/zod-openapi';
import {
  ErrorSchema,
  jsonContent,
  ModelDescriptionSchema,
  ModelListSchema,
  ModelNameParamsSchema,
  ModelVersionParamsSchema,
} from '../openapi/api-schemas';
import { createRouter } from './create-router';
import { describeModel } from '../model/describe-model';

const errors = {
  400: jsonContent(ErrorSchema, 'invalid name or version'),
  404: jsonContent(ErrorSchema, '`model_not_found` or `version_not_found`'),
  503: jsonContent(ErrorSchema, '`model_unavailable`: the artifact failed validation'),
};

const listModelsRoute = createRoute({
  method: 'get',
  path: '/',
  tags: ['models'],
  summary: 'Every model and its versions',
  responses: { 200: jsonContent(ModelListSchema, 'models, R2 and bundled'), 503: errors[503] },
});

const getModelRoute = createRoute({
  method: 'get',
  path: '/{name}',
  tags: ['models'],
  summary: "The default version's manifest metadata",
  request: { params: ModelNameParamsSchema },
  responses: { 200: jsonContent(ModelDescriptionSchema, 'manifest metadata'), ...errors },
});

const getModelVersionRoute = createRoute({
  method: 'get',
  path: '/{name}/versions/{version}',
  tags: ['models'],
  summary: "One version's manifest metadata",
  request: { params: ModelVersionParamsSchema },
  responses: { 200: jsonContent(ModelDescriptionSchema, 'manifest metadata'), ...errors },
});

/** Model metadata routes, mounted under `/v1/models` (open even when `API_TOKEN` is set). */
export function createModelRoutes() {
  return createRouter()
    .openapi(listModelsRoute, async (c) => {
      const models = await c.get('registry').list();
      return c.json(
        { models: models.map(({ name, defaultVersion, versions }) => ({ name, default_version: defaultVersion, versions })) },
        200,
      );
    })
    .openapi(getModelRoute, async (c) => {
      const registry = c.get('registry');
      const ref = await registry.resolve(c.req.valid('param').name);
      return c.json(describeModel(ref, await registry.manifest(ref)), 200);
    })
    .openapi(getModelVersionRoute, async (c) => {
      const registry = c.get('registry');
      const { name, version } = c.req.valid('param');
      const ref = await registry.resolve(name, version);
      return c.json(describeModel(ref, await registry.manifest(ref)), 200);
    });
}
