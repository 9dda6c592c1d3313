import { Hono } from 'hono';
import type { ArtifactManifest } from '../../shared/artifact';
import type { AppEnv } from '../app-env';

/** What `GET /v1/models/:name` tells about a model: everything in the manifest but file hashes. */
export function describeModel(manifest: ArtifactManifest) {
  const { name, version, labels, input, preprocessing, output, metrics, createdAt } = manifest;
  return { name, version, labels, input, preprocessing, output, metrics, createdAt };
}

/** Model metadata routes. */
export function createModelRoutes() {
  return new Hono<AppEnv>().get('/v1/models/:name', async (c) => {
    const manifest = await c.get('registry').manifest(c.req.param('name'));
    return c.json(describeModel(manifest));
  });
}
