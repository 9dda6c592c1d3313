import { describe, expect, it } from 'vitest';
import { fetchWorker } from './fetch-worker';

describe('health routes', () => {
  it('should answer /healthz with ok', async () => {
    const response = await fetchWorker('/healthz');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it('should answer /readyz with the default model once it loads', async () => {
    const response = await fetchWorker('/readyz');
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: 'ready', model: { name: 'mnist' } });
  });

  it('should answer unknown routes with a JSON 404', async () => {
    const response = await fetchWorker('/nope');
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ error: { code: 'not_found' } });
  });
});
