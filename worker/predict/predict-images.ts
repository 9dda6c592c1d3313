import type { Context } from 'hono';
import { setMetric } from 'hono/timing';
import { topK } from '../../shared/artifact';
import type { Prediction } from '../../shared/artifact';
import { predictScores } from '../../shared/model';
import { decodeImage, ImageError, preprocessPixels } from '../../shared/preprocess';
import type { AppEnv } from '../app-env';
import { apiError } from '../http/api-error';
import type { ModelRef } from '../model/model-registry';
import { parseTopK } from './parse-top-k';

const IMAGE_ERROR_STATUS = { unsupported_media_type: 415, invalid_image: 422, image_too_large: 413 } as const;

/** What one predict request asks for. */
export interface PredictRequest {
  ref: ModelRef;
  /** Encoded images, in input order. */
  images: readonly Uint8Array[];
  topKQuery: string | undefined;
  topKBody: number | undefined;
}

/** The body of every successful predict response. */
export interface PredictResponse {
  model: { name: string; version: string };
  predictions: Prediction[][];
  request_id: string;
}

/**
 * Decodes and preprocesses every image (one at a time, so peak memory is one decoded image),
 * then runs them through the model as ONE tensor batch. Adds `decode`, `preprocess` and `infer`
 * to `server-timing`. Bad image `i` → 413/415/422 naming it.
 */
export async function predictImages(c: Context<AppEnv>, request: PredictRequest): Promise<PredictResponse> {
  const registry = c.get('registry');
  const { ref, images } = request;
  const manifest = await registry.manifest(ref);
  const k = parseTopK(request.topKQuery, request.topKBody, manifest.labels.length);
  const spec = { input: manifest.input, ...manifest.preprocessing };
  const { maxImagePixels } = c.get('config');

  let decodeMs = 0;
  let preprocessMs = 0;
  const inputs = images.map((bytes, index) => {
    try {
      const decodeStart = performance.now();
      const raw = decodeImage(bytes, { maxPixels: maxImagePixels });
      const preprocessStart = performance.now();
      const pixels = preprocessPixels(raw, spec); // [h, w, c] float32
      decodeMs += preprocessStart - decodeStart;
      preprocessMs += performance.now() - preprocessStart;
      return pixels;
    } catch (error) {
      if (!(error instanceof ImageError)) throw error;
      const where = images.length > 1 ? `image ${index}: ` : '';
      throw apiError(IMAGE_ERROR_STATUS[error.code], error.code, `${where}${error.message}`);
    }
  });
  setMetric(c, 'decode', decodeMs);
  setMetric(c, 'preprocess', preprocessMs);

  // No await between getting the model and starting the batch: the cache cannot evict it in between.
  const served = await registry.load(ref);
  const inferStart = performance.now();
  const scores = await predictScores(served, inputs);
  setMetric(c, 'infer', performance.now() - inferStart);

  return {
    model: { name: ref.name, version: ref.version },
    predictions: scores.map((row) => topK(row, manifest.labels, k)),
    request_id: c.get('requestId'),
  };
}
