import { Hono } from 'hono';
import type { AppEnv } from '../app-env';

/** `GET /healthz` (the isolate is alive) and `GET /readyz` (the default model loads). */
export function createHealthRoutes() {
  return new Hono<AppEnv>()
    .get('/healthz', (c) => c.json({ status: 'ok' as const }))
    .get('/readyz', async (c) => {
      const registry = c.get('registry');
      try {
        const served = await registry.load(registry.defaultModel);
        return c.json({ status: 'ready' as const, model: { name: served.manifest.name, version: served.manifest.version } });
      } catch {
        return c.json({ status: 'unavailable' as const, model: { name: registry.defaultModel } }, 503);
      }
    });
}
