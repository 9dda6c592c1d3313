import { env } from 'cloudflare:workers';
import { describe, expect, inject, it } from 'vitest';
import { artifactFileKey, parseManifest, pointerKey, serializePointer } from '../../shared/artifact';
import { loadServedModel, predictScores } from '../../shared/model';
import { DEFAULT_MAX_PIXELS, preprocessImage } from '../../shared/preprocess';
import { ensureBackend } from '../../worker/inference/ensure-backend';
import type { PredictJson } from './fetch-worker';
import { fetchWorker } from './fetch-worker';
import type { ProvidedImportedModel } from './imported-context';
import './imported-context';
import { bytesOf } from './provided-context';
import './provided-context';

function imported(name: string): ProvidedImportedModel {
  const model = inject('importedModels').find((candidate) => candidate.name === name);
  if (model === undefined) throw new Error(`the global setup imported no ${name}`);
  return model;
}

/** Scores of `model` for every digit fixture, computed in workerd through the worker's loader. */
async function workerdScores(model: ProvidedImportedModel): Promise<{ scores: Float32Array[]; format: string | undefined }> {
  await ensureBackend();
  const served = await loadServedModel({ origin: `test:${model.name}`, files: new Map(model.files.map((file) => [file.name, bytesOf(file)])) });
  const spec = { input: served.manifest.input, ...served.manifest.preprocessing };
  const images = inject('digits').map((digit) => preprocessImage(bytesOf(digit), spec, { maxPixels: DEFAULT_MAX_PIXELS }));
  const scores = await predictScores(served, images);
  served.model.dispose();
  return { scores, format: served.manifest.quantization?.format };
}

const argmax = (row: ArrayLike<number>) => Array.from(row).indexOf(Math.max(...Array.from(row)));

describe('models trained elsewhere, imported in Node, served in workerd', () => {
  it.each(['imported-cnn', 'imported-tm', 'imported-zoo'])('should give %s the original model\'s scores within 1e-5 (float32)', async (name) => {
    const model = imported(name);
    const { scores, format } = await workerdScores(model);
    expect(format).toBe('none');
    const digits = inject('digits');
    expect(scores).toHaveLength(digits.length);
    scores.forEach((row, index) => {
      const original = model.originalScores?.[index] ?? [];
      expect(row).toHaveLength(original.length);
      row.forEach((score, cls) => expect(Math.abs(score - (original[cls] ?? Number.NaN)), `${digits[index]?.name} class ${cls}`).toBeLessThan(1e-5));
    });
  });

  it('should serve the uint8 import with the gate\'s agreement to the original and Node\'s exact scores', async () => {
    const model = imported('imported-cnn-u8');
    const { scores, format } = await workerdScores(model);
    expect(format).toBe('uint8');
    const manifest = parseManifest(JSON.parse(new TextDecoder().decode(bytesOf(model.files.find((file) => file.name === 'manifest.json') ?? { name: '', base64: '' }))));
    const minAgreement = manifest.quantization?.minAgreement ?? 1;
    expect(manifest.evaluation?.agreement).toBeGreaterThanOrEqual(minAgreement);
    const agreeing = scores.filter((row, index) => argmax(row) === argmax(model.originalScores?.[index] ?? [])).length;
    expect(agreeing / scores.length).toBeGreaterThanOrEqual(minAgreement);
    scores.forEach((row, index) => row.forEach((score, cls) => expect(Math.abs(score - (model.nodeScores[index]?.[cls] ?? Number.NaN))).toBeLessThan(1e-5)));
  });

  it('should publish a Teachable Machine import to R2 and predict it over HTTP like a trained model', async () => {
    const model = imported('imported-tm');
    await Promise.all(model.files.map((file) => env.MODELS.put(artifactFileKey('imported-tm', '1', file.name), bytesOf(file))));
    await env.MODELS.put(pointerKey('imported-tm'), serializePointer('1'));

    const described = (await (await fetchWorker('/v1/models/imported-tm')).json()) as { labels: string[]; output: string; input: unknown };
    expect(described).toMatchObject({ labels: ['Class 1', 'Class 2', 'Class 3'], output: 'probabilities', input: { height: 64, width: 64, channels: 3 } });

    const digits = inject('digits').slice(0, 4);
    const form = new FormData();
    for (const digit of digits) form.append('image', new Blob([bytesOf(digit)], { type: digit.name.endsWith('.png') ? 'image/png' : 'image/jpeg' }), digit.name);
    const response = await fetchWorker('/v1/models/imported-tm/predict?top_k=3', { method: 'POST', body: form });
    expect(response.status).toBe(200);
    const body = (await response.json()) as PredictJson;
    body.predictions.forEach((ranked, index) => {
      const original = model.originalScores?.[index] ?? [];
      expect(ranked[0]?.index).toBe(argmax(original));
      for (const entry of ranked) expect(Math.abs(entry.score - (original[entry.index] ?? Number.NaN))).toBeLessThan(1e-5);
    });
  });

  it('should serve a model trained on an imported backbone (backbone + head, one artifact) as Node does', async () => {
    const model = imported('on-backbone');
    await Promise.all(model.files.map((file) => env.MODELS.put(artifactFileKey('on-backbone', '1', file.name), bytesOf(file))));
    await env.MODELS.put(pointerKey('on-backbone'), serializePointer('1'));
    const described = (await (await fetchWorker('/v1/models/on-backbone')).json()) as { labels: string[]; input: unknown; preprocessing: { mean: number[] } };
    expect(described.labels).toEqual(['blue cross', 'green box', 'red disc ✓']);
    expect(described.input).toEqual({ height: 64, width: 64, channels: 3 }); // the backbone's input, not the data's
    expect(described.preprocessing.mean).toEqual([127 / 255, 127 / 255, 127 / 255]); // and its preprocessing
    const images = inject('shapesArtifact').images;
    const form = new FormData();
    for (const image of images) form.append('image', new Blob([bytesOf(image)], { type: image.name.endsWith('.png') ? 'image/png' : 'image/jpeg' }), image.name);
    const response = await fetchWorker('/v1/models/on-backbone/predict?top_k=3', { method: 'POST', body: form });
    expect(response.status).toBe(200);
    const body = (await response.json()) as PredictJson;
    expect(body.predictions).toHaveLength(images.length);
    body.predictions.forEach((ranked, index) => {
      const expected = model.nodeScores[index] ?? [];
      for (const entry of ranked) expect(Math.abs(entry.score - (expected[entry.index] ?? Number.NaN))).toBeLessThan(1e-5);
    });
  });
});
