import { env } from 'cloudflare:workers';
import { describe, expect, inject, it } from 'vitest';
import { artifactFileKey, pointerKey, serializePointer } from '../../shared/artifact';
import { decodeImage, defaultPreprocessSpec, preparePixels } from '../../shared/preprocess';
import { encodeBlockJpeg, orientedJpegs, UPRIGHT_COLOR_BLOCKS } from '../helpers/block-jpeg';
import type { PredictJson } from './fetch-worker';
import { fetchWorker } from './fetch-worker';
import { bytesOf } from './provided-context';
import './provided-context';

/** The color model the global setup trained on an image folder (its manifest records orientation: 'exif'). */
async function publishShapes(): Promise<void> {
  const { files } = inject('shapesArtifact');
  await Promise.all(files.map((file) => env.MODELS.put(artifactFileKey('shapes', '1', file.name), bytesOf(file))));
  await env.MODELS.put(pointerKey('shapes'), serializePointer('1'));
}

describe('EXIF orientation in workerd', () => {
  it('should decode and prepare all 8 orientations to the upright pixels', () => {
    const spec = defaultPreprocessSpec({ height: 24, width: 40, channels: 3 });
    const upright = Array.from(preparePixels(decodeImage(encodeBlockJpeg(UPRIGHT_COLOR_BLOCKS), { maxPixels: 1_000_000 }), spec));
    orientedJpegs(UPRIGHT_COLOR_BLOCKS).forEach((jpeg, index) => {
      expect(Array.from(preparePixels(decodeImage(jpeg, { maxPixels: 1_000_000 }), spec)), `orientation ${index + 1}`).toEqual(upright);
    });
  });

  it('should predict every orientation exactly as the upright JPEG through the predict route', async () => {
    await publishShapes();
    const description = (await (await fetchWorker('/v1/models/shapes')).json()) as { preprocessing: { orientation?: string } };
    expect(description.preprocessing.orientation).toBe('exif');

    const form = new FormData();
    form.append('image', new Blob([encodeBlockJpeg(UPRIGHT_COLOR_BLOCKS)], { type: 'image/jpeg' }), 'upright.jpg');
    orientedJpegs(UPRIGHT_COLOR_BLOCKS).forEach((jpeg, index) => form.append('image', new Blob([jpeg], { type: 'image/jpeg' }), `exif-${index + 1}.jpg`));
    // A different (mirrored, untagged) image must score differently, or equal scores prove nothing.
    form.append('image', new Blob([encodeBlockJpeg(UPRIGHT_COLOR_BLOCKS.map((row) => [...row].reverse()))], { type: 'image/jpeg' }), 'mirrored-untagged.jpg');
    const response = await fetchWorker('/v1/models/shapes/predict?top_k=3', { method: 'POST', body: form });
    expect(response.status).toBe(200);
    const { predictions } = (await response.json()) as PredictJson;
    expect(predictions).toHaveLength(10);
    const scoresOf = (ranked: PredictJson['predictions'][number] | undefined) =>
      [...(ranked ?? [])].sort((a, b) => a.index - b.index).map((entry) => entry.score);
    const upright = scoresOf(predictions[0]);
    for (let orientation = 1; orientation <= 8; orientation++) {
      expect(scoresOf(predictions[orientation]), `orientation ${orientation}`).toEqual(upright);
    }
    expect(scoresOf(predictions[9])).not.toEqual(upright);
  });
});
