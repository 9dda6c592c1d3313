import { describe, expect, it } from 'vitest';
import { createTestApp } from './create-test-app';
import type { ErrorJson } from './fetch-worker';
import { fetchWorker } from './fetch-worker';
import { digitBytes } from './image-fixtures';

const TOKEN = 'test-token_123';

function postPng(headers: Record<string, string> = {}): RequestInit {
  return { method: 'POST', headers: { 'content-type': 'image/png', ...headers }, body: digitBytes('png') };
}

describe('API_TOKEN', () => {
  it('should require the bearer token on predict routes when set', async () => {
    const fetchApp = createTestApp({ env: { API_TOKEN: TOKEN } });
    for (const path of ['/v1/predict', '/v1/models/mnist/predict', '/v1/models/mnist/versions/1/predict']) {
      const missing = await fetchApp(path, postPng());
      expect(missing.status, path).toBe(401);
      expect(missing.headers.get('www-authenticate')).toMatch(/^Bearer realm="edgefuse"/);
      expect(((await missing.json()) as ErrorJson).error.code).toBe('unauthorized');
      expect((await fetchApp(path, postPng({ authorization: `Bearer ${TOKEN}` }))).status, path).toBe(200);
    }
  });

  it('should answer a wrong or malformed token with 401', async () => {
    const fetchApp = createTestApp({ env: { API_TOKEN: TOKEN } });
    const wrong = await fetchApp('/v1/predict', postPng({ authorization: 'Bearer nope' }));
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('www-authenticate')).toContain('error="invalid_token"');
    const malformed = await fetchApp('/v1/predict', postPng({ authorization: 'Basic abc' }));
    expect(malformed.status).toBe(401);
    expect(((await malformed.json()) as ErrorJson).error.code).toBe('unauthorized');
  });

  it('should check the token before reading the body', async () => {
    const fetchApp = createTestApp({ env: { API_TOKEN: TOKEN } });
    const response = await fetchApp('/v1/predict', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'x' });
    expect(response.status).toBe(401);
  });

  it('should leave health, model metadata, openapi and the demo page open', async () => {
    const fetchApp = createTestApp({ env: { API_TOKEN: TOKEN } });
    for (const path of ['/healthz', '/readyz', '/v1/models', '/v1/models/mnist', '/v1/models/mnist/versions/1', '/openapi.json', '/']) {
      expect((await fetchApp(path)).status, path).toBe(200);
    }
  });

  it('should not require a token when API_TOKEN is not set', async () => {
    expect((await fetchWorker('/v1/predict', postPng())).status).toBe(200);
  });
});
