import { env } from 'cloudflare:workers';
import { describe, expect, inject, it } from 'vitest';
import { artifactFileKey, pointerKey, serializePointer } from '../../shared/artifact';
import type { PredictJson } from './fetch-worker';
import { fetchWorker } from './fetch-worker';
import { bytesOf } from './provided-context';
import './provided-context';

async function publishShapes(): Promise<void> {
  const { files } = inject('shapesArtifact');
  await Promise.all(files.map((file) => env.MODELS.put(artifactFileKey('shapes', '1', file.name), bytesOf(file))));
  await env.MODELS.put(pointerKey('shapes'), serializePointer('1'));
}

describe('a model trained on an image folder, served from R2', () => {
  it('should keep the folder names as labels, unicode and spaces included', async () => {
    await publishShapes();
    const body = (await (await fetchWorker('/v1/models/shapes')).json()) as { labels: string[]; input: unknown };
    expect(body.labels).toEqual(['blue cross', 'green box', 'red disc ✓']);
    expect(body.input).toEqual({ height: 32, width: 32, channels: 3 });
  });

  it('should predict a mixed PNG/JPEG batch exactly as the trainer does in Node', async () => {
    await publishShapes();
    const { images, nodeScores } = inject('shapesArtifact');
    const form = new FormData();
    for (const image of images) {
      const type = image.name.endsWith('.png') ? 'image/png' : 'image/jpeg';
      form.append('image', new Blob([bytesOf(image)], { type }), image.name);
    }
    const response = await fetchWorker('/v1/models/shapes/predict?top_k=3', { method: 'POST', body: form });
    expect(response.status).toBe(200);
    const body = (await response.json()) as PredictJson;
    expect(body.predictions).toHaveLength(images.length);
    body.predictions.forEach((ranked, index) => {
      const expected = nodeScores[index] ?? [];
      for (const entry of ranked) expect(Math.abs(entry.score - (expected[entry.index] ?? Number.NaN))).toBeLessThan(1e-5);
      expect(ranked[0]?.index).toBe(expected.indexOf(Math.max(...expected)));
    });
  });
});
