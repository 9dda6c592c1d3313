import { describe, expect, expectTypeOf, it } from 'vitest';
import type { Classifier } from '../../worker';
import type { PredictResponse } from '../../worker/predict/predict-images';
import type { ErrorJson, PredictJson } from './fetch-worker';
import { fetchWorker } from './fetch-worker';
import { digitBytes, digitLabel } from './image-fixtures';
import { callClassifier } from './rpc-caller';

async function httpPredict(bytes: Uint8Array, type: string, query = ''): Promise<PredictJson> {
  const response = await fetchWorker(`/v1/predict${query}`, { method: 'POST', headers: { 'content-type': type }, body: bytes });
  expect(response.status).toBe(200);
  return (await response.json()) as PredictJson;
}

describe('Classifier over a service binding', () => {
  it('should type a caller\'s stub as the README shows', () => {
    // Compile-time: Service<Classifier>.predict takes the documented input and resolves to the HTTP body.
    expectTypeOf<{ images: Uint8Array[]; topK: number; model: string }>().toMatchTypeOf<Parameters<Service<Classifier>['predict']>[0]>();
    expectTypeOf<Awaited<ReturnType<Service<Classifier>['predict']>>>().toMatchTypeOf<PredictResponse>();
  });

  it('should predict what HTTP predicts for the same bytes', async () => {
    const png = digitBytes('png');
    const jpg = digitBytes('jpg');
    const result = await callClassifier('predict', { images: [png, jpg.slice().buffer], topK: 3 });
    if (!result.ok) throw new Error(`predict failed: ${result.error.message}`);
    const value = result.value as PredictJson & { request_id: string };
    const [httpPng, httpJpg] = [await httpPredict(png, 'image/png', '?top_k=3'), await httpPredict(jpg, 'image/jpeg', '?top_k=3')];
    expect(value.model).toEqual(httpPng.model);
    expect(value.predictions).toEqual([httpPng.predictions[0], httpJpg.predictions[0]]);
    expect(value.predictions[0]?.[0]?.index).toBe(digitLabel('png'));
    expect(value.request_id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('should name a model and version, and list and describe models as HTTP does', async () => {
    const result = await callClassifier('predict', { images: [digitBytes('png')], model: 'mnist', version: '1' });
    expect(result.ok && (result.value as PredictJson).model).toEqual({ name: 'mnist', version: '1' });
    const models = await callClassifier('models');
    expect(models).toEqual({ ok: true, value: await (await fetchWorker('/v1/models')).json() });
    const described = await callClassifier('describe', 'mnist', '1');
    expect(described).toEqual({ ok: true, value: await (await fetchWorker('/v1/models/mnist/versions/1')).json() });
  });

  it.each([
    ['an unknown model', { images: [new Uint8Array([1])], model: 'nosuch' }, '/v1/models/nosuch/predict', 'image/png'],
    ['an unknown version', { images: [new Uint8Array([1])], model: 'mnist', version: '9' }, '/v1/models/mnist/versions/9/predict', 'image/png'],
    ['a bad model name', { images: [new Uint8Array([1])], model: 'Bad Name' }, '/v1/models/Bad%20Name/predict', 'image/png'],
    ['bytes that are no image', { images: [new Uint8Array([1, 2, 3])] }, '/v1/predict', 'image/png'],
    ['a truncated PNG', { images: [digitBytes('png').slice(0, 40)] }, '/v1/predict', 'image/png'],
    ['top_k above the label count', { images: [digitBytes('png')], topK: 11 }, '/v1/predict?top_k=11', 'image/png'],
  ])('should refuse %s with the code and status HTTP gives', async (_, input, path, type) => {
    const image = input.images[0] ?? new Uint8Array();
    const http = await fetchWorker(path, { method: 'POST', headers: { 'content-type': type }, body: image });
    const httpError = ((await http.json()) as ErrorJson).error;
    const result = await callClassifier('predict', input);
    if (result.ok) throw new Error('predict should have failed');
    expect(result.error).toMatchObject({ code: httpError.code, status: http.status });
    // The same words; only where they point differs (HTTP `path.name: …`, RPC `input.model: …`).
    const withoutLocation = (message: string) => message.replace(/^[a-z_.]+: /, '');
    expect(withoutLocation(result.error.message)).toBe(withoutLocation(httpError.message));
  });

  it('should refuse inputs HTTP cannot even express with typed errors', async () => {
    const cases: [unknown, string, number][] = [
      [{ images: [] }, 'invalid_request', 400],
      [{ images: ['not bytes'] }, 'invalid_request', 400],
      [{ images: Array.from({ length: 33 }, () => new Uint8Array([1])) }, 'batch_too_large', 413],
      [{ images: [digitBytes('png')], topK: 1.5 }, 'invalid_parameter', 400],
    ];
    for (const [input, code, status] of cases) {
      const result = await callClassifier('predict', input);
      expect(result.ok ? 'ok' : result.error).toMatchObject({ code, status });
    }
    expect(await callClassifier('describe', 'nosuch')).toMatchObject({ ok: false, error: { code: 'model_not_found', status: 404 } });
  });
});
