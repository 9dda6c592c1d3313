import { exports } from 'cloudflare:workers';
import { hc } from 'hono/client';
import { describe, expect, it } from 'vitest';
import type { AppType } from '../../worker/app';
import { digitBytes, digitLabel, toBase64 } from './image-fixtures';

function createClient() {
  return hc<AppType>('http://edgefuse.test', { fetch: (input: RequestInfo | URL, init?: RequestInit) => exports.default.fetch(new Request(input, init)) });
}

describe('hc<AppType>', () => {
  it('should call the health and model routes with typed responses', async () => {
    const client = createClient();
    const health = await client.healthz.$get();
    expect(await health.json()).toEqual({ status: 'ok' });
    const list = await client.v1.models.$get();
    if (!list.ok) throw new Error(`GET /v1/models: ${list.status}`);
    const { models } = await list.json();
    expect(models.map((model) => model.name)).toContain('mnist');
    const described = await client.v1.models[':name'].versions[':version'].$get({ param: { name: 'mnist', version: '1' } });
    if (described.status !== 200) throw new Error(`GET version: ${described.status}`);
    const manifest = await described.json();
    expect(manifest.labels).toHaveLength(10);
  });

  it('should predict through the typed JSON body', async () => {
    const client = createClient();
    const response = await client.v1.models[':name'].predict.$post({
      param: { name: 'mnist' },
      query: { top_k: '3' },
      json: { instances: [{ b64: toBase64(digitBytes('png')) }] },
    });
    if (response.status !== 200) throw new Error(`predict: ${response.status}`);
    const body = await response.json();
    expect(body.model).toEqual({ name: 'mnist', version: '1' });
    expect(body.predictions[0]?.[0]?.index).toBe(digitLabel('png'));
    expect(body.predictions[0]).toHaveLength(3);
  });

  it('should type error responses too', async () => {
    const client = createClient();
    const response = await client.v1.models[':name'].$get({ param: { name: 'nosuch' } });
    expect(response.status).toBe(404);
    if (response.status === 404) expect((await response.json()).error.code).toBe('model_not_found');
  });
});
