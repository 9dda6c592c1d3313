import { describe, expect, it } from 'vitest';
import type { ErrorJson } from './fetch-worker';
import { fetchWorker } from './fetch-worker';

describe('GET /v1/models/:name', () => {
  it('should describe the bundled default model from its manifest', async () => {
    const response = await fetchWorker('/v1/models/mnist');
    expect(response.status).toBe(200);
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toMatchObject({
      name: 'mnist',
      labels: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
      input: { height: 28, width: 28, channels: 1 },
      output: 'logits',
    });
    expect(body).not.toHaveProperty('files');
  });

  it('should answer an unknown model with 404 model_not_found', async () => {
    const response = await fetchWorker('/v1/models/cifar');
    expect(response.status).toBe(404);
    expect(((await response.json()) as ErrorJson).error.code).toBe('model_not_found');
  });
});
