import fc from 'fast-check';
import { describe, expect, inject, it } from 'vitest';
import { decodeImage, ImageError } from '../../shared/preprocess';
import { hostileImages, jpegVariantSeeds, pngVariantSeeds } from '../helpers/hostile-image-corpus';
import type { HostileOutcome } from '../helpers/hostile-image-corpus';
import { mutatedImage } from '../helpers/mutate-image';
import type { ImageKind } from '../helpers/mutate-image';
import type { ErrorJson, PredictJson } from './fetch-worker';
import { fetchWorker } from './fetch-worker';
import { digitBytes } from './image-fixtures';
import { bytesOf } from './provided-context';
import './provided-context';

/** The worker's MAX_IMAGE_PIXELS (wrangler.toml). */
const MAX_IMAGE_PIXELS = 4_000_000;
/** Mutated files per format decoded in workerd directly, and sent through HTTP. */
const DECODED_PER_FORMAT = 200;
const POSTED_PER_FORMAT = 100;
const STATUS_BY_OUTCOME: Record<HostileOutcome, number> = { decoded: 200, image_too_large: 413, invalid_image: 422, unsupported_media_type: 415 };
/** Codes `POST /v1/predict` documents for a bad image body. */
const IMAGE_ERROR_CODES = ['invalid_image', 'image_too_large', 'unsupported_media_type', 'empty_body'];

function seeds(kind: ImageKind): Uint8Array[] {
  const extension = kind === 'png' ? '.png' : '.jpg';
  const digits = inject('digits').filter((digit) => digit.name.endsWith(extension)).map(bytesOf);
  // The odd fixtures that are valid files (the truncated and forged ones are hostile already).
  const odd = kind === 'png' ? inject('oddImages').filter((file) => !/^(truncated|forged)/.test(file.name)).map(bytesOf) : [];
  return [...digits, ...odd, ...(kind === 'png' ? pngVariantSeeds() : jpegVariantSeeds())];
}

function decodeOutcome(bytes: Uint8Array): HostileOutcome {
  try {
    decodeImage(bytes, { maxPixels: MAX_IMAGE_PIXELS });
    return 'decoded';
  } catch (error) {
    if (error instanceof ImageError) return error.code;
    throw error;
  }
}

/** Posts `bytes`, checks the response is a prediction or a documented 4xx error, returns its status (a hang shows as the test's timeout). */
async function postAndCheck(bytes: Uint8Array, kind: ImageKind): Promise<{ status: number; code?: string }> {
  const response = await fetchWorker('/v1/predict', { method: 'POST', headers: { 'content-type': kind === 'png' ? 'image/png' : 'image/jpeg' }, body: bytes });
  const body = (await response.json()) as PredictJson | ErrorJson;
  expect(response.status).toBeLessThan(500);
  if (response.status === 200) {
    const prediction = body as PredictJson;
    expect(prediction.model.name).toBe('mnist');
    expect(prediction.predictions[0]?.length).toBe(5);
    for (const entry of prediction.predictions[0] ?? []) expect(Number.isFinite(entry.score)).toBe(true);
    return { status: 200 };
  }
  const { error } = body as ErrorJson;
  expect(IMAGE_ERROR_CODES).toContain(error.code);
  expect(error.message.length).toBeGreaterThan(0);
  return { status: response.status, code: error.code };
}

/** Loads the model (the isolate's first predict pays for the backend and weights, ~10 s) so budgets time decoding. */
async function warmUp(): Promise<void> {
  const response = await fetchWorker('/v1/predict', { method: 'POST', headers: { 'content-type': 'image/png' }, body: digitBytes('png') });
  expect(response.status).toBe(200);
}

describe('hostile images in workerd', () => {
  it.each(['png', 'jpeg'] as const)('should decode every mutated %s in workerd or throw ImageError, nothing else', (kind) => {
    const seen = new Set<HostileOutcome>();
    fc.assert(
      fc.property(mutatedImage(kind, seeds(kind)), ({ bytes }) => {
        seen.add(decodeOutcome(bytes));
      }),
      { numRuns: DECODED_PER_FORMAT, seed: kind === 'png' ? 7_001 : 7_002 },
    );
    expect(seen).toContain('decoded');
    expect(seen).toContain('invalid_image');
  });

  it.each(['png', 'jpeg'] as const)('should answer every mutated %s POSTed to /v1/predict with 200 or a documented 4xx, never 5xx', async (kind) => {
    await warmUp();
    const statuses = new Set<number>();
    await fc.assert(
      fc.asyncProperty(mutatedImage(kind, seeds(kind)), async ({ bytes }) => {
        const { status, code } = await postAndCheck(bytes, kind);
        statuses.add(status);
        // The HTTP answer is the decoder's own verdict on these bytes.
        const expected = bytes.length === 0 ? 400 : STATUS_BY_OUTCOME[decodeOutcome(bytes)];
        expect(status, code).toBe(expected);
      }),
      { numRuns: POSTED_PER_FORMAT, seed: kind === 'png' ? 7_003 : 7_004 },
    );
    expect(statuses).toContain(200);
    expect(statuses).toContain(422);
  });

  it('should answer each decompression bomb, forged size and exotic variant with its status', async () => {
    await warmUp();
    const corpus = hostileImages(digitBytes('png'), digitBytes('jpg'));
    const statuses: Record<string, number> = {};
    for (const { name, format, bytes, outcome } of corpus) {
      const { status } = await postAndCheck(bytes, format);
      expect(status, name).toBe(STATUS_BY_OUTCOME[outcome]);
      statuses[name] = status;
    }
    expect(statuses['png 20000×20000, tiny valid zlib body']).toBe(413);
    expect(statuses['jpeg SOF 30000×30000']).toBe(413);
    expect(statuses['png 28×28 whose IDAT inflates to 64 MB']).toBe(422);
    expect(statuses['jpeg CMYK with Adobe APP14']).toBe(200);
  });
});
