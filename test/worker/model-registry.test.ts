import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { bundledArtifact } from '../../worker/model/bundled-artifact';
import { createTestApp } from './create-test-app';
import type { ErrorJson, PredictJson } from './fetch-worker';
import { fetchWorker } from './fetch-worker';
import { digitBytes } from './image-fixtures';
import { activate, seedModel, tinyArtifactFiles } from './seed-models';

function postPng(fetchApp: (path: string, init?: RequestInit) => Promise<Response>, path: string) {
  return fetchApp(path, { method: 'POST', headers: { 'content-type': 'image/png' }, body: digitBytes('png') });
}

describe('model registry on R2', () => {
  it('should serve a newly activated version on the next request, without redeploying', async () => {
    const fetchApp = createTestApp({ env: { REGISTRY_TTL_SECONDS: '0' } });
    await seedModel('switch', '1', { activate: true });
    const first = (await (await postPng(fetchApp, '/v1/models/switch/predict')).json()) as PredictJson;
    expect(first.model).toEqual({ name: 'switch', version: '1' });

    await seedModel('switch', '2');
    await activate('switch', '2');
    const second = (await (await postPng(fetchApp, '/v1/models/switch/predict')).json()) as PredictJson;
    expect(second.model).toEqual({ name: 'switch', version: '2' });
    const described = await (await fetchApp('/v1/models/switch')).json();
    expect(described).toMatchObject({ name: 'switch', version: '2', source: 'r2' });
  });

  it('should keep serving the old pointer until REGISTRY_TTL_SECONDS has passed', async () => {
    let clock = 1_000_000;
    const fetchApp = createTestApp({ env: { REGISTRY_TTL_SECONDS: '30' }, now: () => clock });
    await seedModel('ttl', '1', { activate: true });
    await seedModel('ttl', '2');
    expect(((await (await postPng(fetchApp, '/v1/models/ttl/predict')).json()) as PredictJson).model.version).toBe('1');
    await activate('ttl', '2');
    clock += 29_000;
    expect(((await (await postPng(fetchApp, '/v1/models/ttl/predict')).json()) as PredictJson).model.version).toBe('1');
    clock += 1_000;
    expect(((await (await postPng(fetchApp, '/v1/models/ttl/predict')).json()) as PredictJson).model.version).toBe('2');
  });

  it('should answer a tampered version with 503 model_unavailable and keep serving the others', async () => {
    await seedModel('tamper', '1', { activate: true });
    await seedModel('tamper', '2', { tamper: true });
    const broken = await postPng(fetchWorker, '/v1/models/tamper/versions/2/predict');
    expect(broken.status).toBe(503);
    expect(((await broken.json()) as ErrorJson).error.code).toBe('model_unavailable');
    expect((await postPng(fetchWorker, '/v1/models/tamper/versions/1/predict')).status).toBe(200);
    expect((await postPng(fetchWorker, '/v1/predict')).status).toBe(200);
    expect((await fetchWorker('/healthz')).status).toBe(200);
    expect((await fetchWorker('/readyz')).status).toBe(200);
  });

  it('should answer a manifest that names another model with 503', async () => {
    const files = tinyArtifactFiles('someone-else', '1');
    await Promise.all([...files].map(([path, bytes]) => env.MODELS.put(`models/impostor/1/${path}`, bytes)));
    const response = await fetchWorker('/v1/models/impostor/versions/1');
    expect(response.status).toBe(503);
    expect(((await response.json()) as ErrorJson).error.code).toBe('model_unavailable');
  });

  it('should list R2 models with their versions beside the bundled mnist', async () => {
    await seedModel('listed', '1');
    await seedModel('listed', '2', { activate: true });
    const body = (await (await fetchWorker('/v1/models')).json()) as { models: { name: string; default_version: string | null; versions: unknown[] }[] };
    expect(body.models.find((model) => model.name === 'listed')).toEqual({
      name: 'listed',
      default_version: '2',
      versions: [{ version: '1', source: 'r2' }, { version: '2', source: 'r2' }],
    });
    expect(body.models.find((model) => model.name === 'mnist')).toMatchObject({ default_version: '1', versions: [{ version: '1', source: 'bundled' }] });
  });

  it('should let an R2 pointer take precedence over a bundled model of the same name', async () => {
    // A bundled 'prec'@'1' (not the real mnist, so other test files never see this pointer).
    const fetchApp = createTestApp({ bundled: [{ origin: 'test:prec', files: tinyArtifactFiles('prec', '1') }], env: { REGISTRY_TTL_SECONDS: '0' } });
    expect(await (await fetchApp('/v1/models/prec')).json()).toMatchObject({ version: '1', source: 'bundled' });
    await seedModel('prec', '7', { activate: true });
    expect(await (await fetchApp('/v1/models/prec')).json()).toMatchObject({ version: '7', source: 'r2' });
    // The bundled version stays addressable by its version, and listed.
    expect(await (await fetchApp('/v1/models/prec/versions/1')).json()).toMatchObject({ version: '1', source: 'bundled' });
    const list = (await (await fetchApp('/v1/models')).json()) as { models: { name: string; default_version: string | null; versions: unknown[] }[] };
    expect(list.models.find((model) => model.name === 'prec')).toEqual({
      name: 'prec',
      default_version: '7',
      versions: [{ version: '7', source: 'r2' }, { version: '1', source: 'bundled' }],
    });
  });

  it('should serve the bundled model when no bucket is bound', async () => {
    const fetchApp = createTestApp({ env: { MODELS: undefined } });
    const response = await postPng(fetchApp, '/v1/predict');
    expect(response.status).toBe(200);
    expect(((await response.json()) as PredictJson).model).toEqual({ name: 'mnist', version: '1' });
    const list = (await (await fetchApp('/v1/models')).json()) as { models: { name: string }[] };
    expect(list.models.map((model) => model.name)).toEqual(['mnist']);
  });

  it('should answer an unknown version with 404 version_not_found and an unknown model with 404 model_not_found', async () => {
    const version = await fetchWorker('/v1/models/mnist/versions/99');
    expect(version.status).toBe(404);
    expect(((await version.json()) as ErrorJson).error.code).toBe('version_not_found');
    const model = await postPng(fetchWorker, '/v1/models/nosuch/predict');
    expect(model.status).toBe(404);
    expect(((await model.json()) as ErrorJson).error.code).toBe('model_not_found');
  });

  it('should answer /readyz with 503 when the default model cannot load', async () => {
    const source = bundledArtifact();
    const files = new Map(source.files);
    const weights = files.get('weights.bin')?.slice() ?? new Uint8Array();
    weights[0] = (weights[0] ?? 0) ^ 0xff;
    files.set('weights.bin', weights);
    const fetchApp = createTestApp({ bundled: [{ origin: source.origin, files }], env: { MODELS: undefined } });
    const response = await fetchApp('/readyz');
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({ status: 'unavailable', model: { name: 'mnist' } });
    expect((await fetchApp('/healthz')).status).toBe(200);
  });
});
