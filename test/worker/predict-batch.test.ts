import { describe, expect, it } from 'vitest';
import type { ErrorJson, PredictJson } from './fetch-worker';
import { fetchWorker } from './fetch-worker';
import { digitBytes, digitLabel, toBase64 } from './image-fixtures';

function multipart(parts: { bytes: Uint8Array; type: string; name?: string }[]): FormData {
  const form = new FormData();
  parts.forEach((part, index) => form.append(part.name ?? 'image', new File([part.bytes], `image-${index}`, { type: part.type })));
  return form;
}

async function errorCode(response: Response): Promise<string> {
  return ((await response.json()) as ErrorJson).error.code;
}

describe('POST /v1/predict with batches', () => {
  it('should answer a multipart batch of mixed PNG and JPEG with one ranked list per image, in order', async () => {
    const images = [
      { bytes: digitBytes('png', 0), type: 'image/png', label: digitLabel('png', 0) },
      { bytes: digitBytes('jpg', 1), type: 'image/jpeg', label: digitLabel('jpg', 1) },
      { bytes: digitBytes('png', 2), type: 'image/png', label: digitLabel('png', 2) },
    ];
    const response = await fetchWorker('/v1/predict?top_k=2', { method: 'POST', body: multipart(images) });
    expect(response.status).toBe(200);
    const body = (await response.json()) as PredictJson & { request_id: string };
    expect(body.model.name).toBe('mnist');
    expect(body.predictions.map((ranked) => ranked.length)).toEqual([2, 2, 2]);
    expect(body.predictions.map((ranked) => ranked[0]?.index)).toEqual(images.map((image) => image.label));
    expect(body.request_id).toBe(response.headers.get('x-request-id'));
  });

  it('should answer JSON base64 instances, with top_k from the body', async () => {
    const instances = [{ b64: toBase64(digitBytes('png', 0)) }, { b64: toBase64(digitBytes('jpg', 3)) }];
    const response = await fetchWorker('/v1/predict', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ instances, top_k: 10 }),
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as PredictJson;
    expect(body.predictions).toHaveLength(2);
    expect(body.predictions[0]).toHaveLength(10);
    expect(body.predictions[0]?.[0]?.index).toBe(digitLabel('png', 0));
    expect(body.predictions[1]?.[0]?.index).toBe(digitLabel('jpg', 3));
    const total = (body.predictions[0] ?? []).reduce((sum, entry) => sum + entry.score, 0);
    expect(total).toBeCloseTo(1, 4);
  });

  it('should give the same scores for an image sent raw, as multipart and as base64', async () => {
    const png = digitBytes('png', 4);
    const raw = (await (await fetchWorker('/v1/predict', { method: 'POST', headers: { 'content-type': 'image/png' }, body: png })).json()) as PredictJson;
    const form = (await (await fetchWorker('/v1/predict', { method: 'POST', body: multipart([{ bytes: png, type: 'image/png' }]) })).json()) as PredictJson;
    const json = (await (
      await fetchWorker('/v1/predict', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ instances: [{ b64: toBase64(png) }] }) })
    ).json()) as PredictJson;
    expect(form.predictions).toEqual(raw.predictions);
    expect(json.predictions).toEqual(raw.predictions);
  });

  it('should refuse more images than MAX_BATCH_SIZE with 413 batch_too_large', async () => {
    const png = digitBytes('png', 0);
    const images = Array.from({ length: 33 }, () => ({ bytes: png, type: 'image/png' }));
    const response = await fetchWorker('/v1/predict', { method: 'POST', body: multipart(images) });
    expect(response.status).toBe(413);
    expect(await errorCode(response)).toBe('batch_too_large');
    const json = await fetchWorker('/v1/predict', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ instances: images.map(() => ({ b64: toBase64(png) })) }),
    });
    expect(json.status).toBe(413);
    expect(await errorCode(json)).toBe('batch_too_large');
  });

  it('should name the bad image of a batch in its 422', async () => {
    const images = [{ bytes: digitBytes('png', 0), type: 'image/png' }, { bytes: new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 2]), type: 'image/jpeg' }];
    const response = await fetchWorker('/v1/predict', { method: 'POST', body: multipart(images) });
    expect(response.status).toBe(422);
    const body = (await response.json()) as ErrorJson;
    expect(body.error.code).toBe('invalid_image');
    expect(body.error.message).toMatch(/^image 1: /);
  });

  it('should refuse image/webp with 415 listing what is accepted', async () => {
    const raw = await fetchWorker('/v1/predict', { method: 'POST', headers: { 'content-type': 'image/webp' }, body: new Uint8Array([1]) });
    expect(raw.status).toBe(415);
    const message = ((await raw.json()) as ErrorJson).error.message;
    for (const type of ['image/png', 'image/jpeg', 'multipart/form-data', 'application/json']) expect(message).toContain(type);
    const part = await fetchWorker('/v1/predict', { method: 'POST', body: multipart([{ bytes: new Uint8Array([1]), type: 'image/webp' }]) });
    expect(part.status).toBe(415);
    expect(await errorCode(part)).toBe('unsupported_media_type');
  });

  it.each([
    ['malformed JSON', '{"instances": ['],
    ['no instances', '{"images": []}'],
    ['empty instances', '{"instances": []}'],
    ['bad base64', '{"instances": [{"b64": "!!notbase64!!"}]}'],
    ['top_k not an integer', '{"instances": [{"b64": "AAAA"}], "top_k": 1.5}'],
  ])('should refuse %s with 400', async (_, body) => {
    const response = await fetchWorker('/v1/predict', { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    expect(response.status).toBe(400);
    expect(await errorCode(response)).toBe('invalid_request');
  });

  it('should refuse a multipart body without image parts with 400', async () => {
    const form = new FormData();
    form.append('picture', new File([digitBytes('png')], 'x.png', { type: 'image/png' }));
    form.append('image', 'not a file');
    const response = await fetchWorker('/v1/predict', { method: 'POST', body: form });
    expect(response.status).toBe(400);
    expect(await errorCode(response)).toBe('invalid_request');
  });

  it('should refuse top_k in both the query and the body, and a JSON top_k above the label count', async () => {
    const init = (topK: number) => ({
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ instances: [{ b64: toBase64(digitBytes('png')) }], top_k: topK }),
    });
    const both = await fetchWorker('/v1/predict?top_k=2', init(2));
    expect(both.status).toBe(400);
    expect(await errorCode(both)).toBe('invalid_parameter');
    const above = await fetchWorker('/v1/predict', init(11));
    expect(above.status).toBe(400);
    expect(await errorCode(above)).toBe('invalid_parameter');
  });

  it('should accept top_k from 1 to the number of labels', async () => {
    for (const k of [1, 10]) {
      const response = await fetchWorker(`/v1/predict?top_k=${k}`, { method: 'POST', headers: { 'content-type': 'image/png' }, body: digitBytes('png') });
      expect(((await response.json()) as PredictJson).predictions[0]).toHaveLength(k);
    }
  });
});

describe('predict response headers', () => {
  it('should echo a valid x-request-id and return it as request_id', async () => {
    const response = await fetchWorker('/v1/predict', {
      method: 'POST',
      headers: { 'content-type': 'image/png', 'x-request-id': 'trace-abc_123' },
      body: digitBytes('png'),
    });
    expect(response.headers.get('x-request-id')).toBe('trace-abc_123');
    expect(((await response.json()) as { request_id: string }).request_id).toBe('trace-abc_123');
  });

  it('should generate a request id when none is sent, also on errors', async () => {
    const response = await fetchWorker('/v1/models/nosuch');
    expect(response.status).toBe(404);
    expect(response.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('should report decode, preprocess and infer in server-timing', async () => {
    const response = await fetchWorker('/v1/predict', { method: 'POST', headers: { 'content-type': 'image/png' }, body: digitBytes('png') });
    const serverTiming = response.headers.get('server-timing') ?? '';
    for (const metric of ['decode', 'preprocess', 'infer', 'total']) expect(serverTiming).toMatch(new RegExp(`(^|,\\s*)${metric};dur=`));
  });

  it('should send CORS and security headers', async () => {
    const preflight = await fetchWorker('/v1/predict', {
      method: 'OPTIONS',
      headers: { origin: 'https://example.com', 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
    expect(preflight.headers.get('access-control-allow-headers')).toContain('authorization');
    const response = await fetchWorker('/healthz', { headers: { origin: 'https://example.com' } });
    expect(response.headers.get('access-control-expose-headers')).toContain('server-timing');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('strict-transport-security')).toMatch(/^max-age=\d+/);
    expect(response.headers.get('cross-origin-resource-policy')).toBe('same-origin');
    expect(response.headers.get('x-frame-options')).toBe('SAMEORIGIN');
  });

  it('should send the same API headers on a prediction (built in one go) and on a refused predict', async () => {
    const headers = { origin: 'https://example.com', 'x-request-id': 'caller-id-42' };
    const ok = await fetchWorker('/v1/predict', { method: 'POST', headers: { ...headers, 'content-type': 'image/png' }, body: digitBytes('png') });
    const refused = await fetchWorker('/v1/predict', { method: 'POST', headers: { ...headers, 'content-type': 'image/webp' }, body: new Uint8Array([1]) });
    expect([ok.status, refused.status]).toEqual([200, 415]);
    for (const response of [ok, refused]) {
      expect(response.headers.get('x-request-id')).toBe('caller-id-42');
      expect(response.headers.get('access-control-allow-origin')).toBe('*');
      expect(response.headers.get('access-control-expose-headers')).toBe('x-request-id,server-timing');
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('strict-transport-security')).toMatch(/^max-age=\d+/);
      expect(response.headers.get('cross-origin-resource-policy')).toBe('same-origin');
      expect(response.headers.get('x-frame-options')).toBe('SAMEORIGIN');
      expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    }
    expect(ok.headers.get('timing-allow-origin')).toBe('*');
    expect(ok.headers.get('server-timing')).toMatch(/total;dur=/);
    expect(refused.headers.get('server-timing')).toBeNull();
    expect((await ok.json()) as { request_id: string }).toMatchObject({ request_id: 'caller-id-42' });
  });

  it('should keep the document-only security headers for the demo page, not for API responses', async () => {
    const page = await fetchWorker('/');
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
    expect(page.headers.get('cross-origin-opener-policy')).toBe('same-origin');
    const api = await fetchWorker('/healthz');
    expect(api.headers.get('referrer-policy')).toBeNull();
    expect(api.headers.get('x-content-type-options')).toBe('nosniff');
  });
});
