import { describe, expect, it } from 'vitest';
import { fetchWorker } from './fetch-worker';

interface OpenApiJson {
  openapi: string;
  paths: Record<string, Record<string, { requestBody?: { content: Record<string, unknown> }; responses: Record<string, unknown> }>>;
}

describe('GET /openapi.json', () => {
  it('should document every API route from the route definitions', async () => {
    const response = await fetchWorker('/openapi.json');
    expect(response.status).toBe(200);
    const doc = (await response.json()) as OpenApiJson;
    expect(doc.openapi).toBe('3.0.3');
    expect(Object.keys(doc.paths).sort()).toEqual([
      '/healthz',
      '/readyz',
      '/v1/models',
      '/v1/models/{name}',
      '/v1/models/{name}/predict',
      '/v1/models/{name}/versions/{version}',
      '/v1/models/{name}/versions/{version}/predict',
      '/v1/predict',
    ]);
    const predict = doc.paths['/v1/predict']?.post;
    expect(Object.keys(predict?.requestBody?.content ?? {}).sort()).toEqual(['application/json', 'image/jpeg', 'image/png', 'multipart/form-data']);
    expect(Object.keys(predict?.responses ?? {})).toEqual(expect.arrayContaining(['200', '400', '401', '404', '413', '415', '422', '503']));
  });
});
