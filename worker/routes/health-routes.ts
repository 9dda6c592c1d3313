import { createRoute } from '@hono/zod-openapi';
import { HealthSchema, jsonContent, ReadySchema } from '../openapi/api-schemas';
import { createRouter } from './create-router';

const healthzRoute = createRoute({
  method: 'get',
  path: '/healthz',
  tags: ['health'],
  summary: 'The isolate is alive',
  responses: { 200: jsonContent(HealthSchema, 'alive') },
});

const readyzRoute = createRoute({
  method: 'get',
  path: '/readyz',
  tags: ['health'],
  summary: 'The default model loads',
  responses: { 200: jsonContent(ReadySchema, 'ready'), 503: jsonContent(ReadySchema, 'the default model cannot be loaded') },
});

/** `GET /healthz` (the isolate is alive) and `GET /readyz` (the default model loads). */
export function createHealthRoutes() {
  return createRouter()
    .openapi(healthzRoute, (c) => c.json({ status: 'ok' as const }, 200))
    .openapi(readyzRoute, async (c) => {
      const registry = c.get('registry');
      try {
        const ref = await registry.resolve(registry.defaultModel);
        await registry.load(ref);
        return c.json({ status: 'ready' as const, model: { name: ref.name, version: ref.version } }, 200);
      } catch (error) {
        console.error('readyz: default model not loadable:', error instanceof Error ? error.message : error);
        return c.json({ status: 'unavailable' as const, model: { name: registry.defaultModel } }, 503);
      }
    });
}
