import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { MiddlewareHandler } from 'hono';
import { topK } from '../../shared/artifact';
import { ImageError, preprocessImage } from '../../shared/preprocess';
import type { AppEnv } from '../app-env';
import { apiError, errorResponse } from '../http/api-error';
import { readLimits } from '../http/read-limits';
import { predictScores } from '../../shared/model';

const IMAGE_TYPES = ['image/png', 'image/jpeg'];
const DEFAULT_TOP_K = 5;

const IMAGE_ERROR_STATUS = { unsupported_media_type: 415, invalid_image: 422, image_too_large: 413 } as const;

/** Refuses bodies over the `MAX_BODY_BYTES` var with 413 `payload_too_large`. */
function limitBody(): MiddlewareHandler<AppEnv> {
  return async function limitBodyFromEnv(c, next) {
    const { maxBodyBytes } = readLimits(c.env);
    const limit = bodyLimit({
      maxSize: maxBodyBytes,
      onError: () => errorResponse(413, 'payload_too_large', `request body exceeds ${maxBodyBytes} bytes`),
    });
    return limit(c, next);
  };
}

function parseTopK(raw: string | undefined, labelCount: number): number {
  if (raw === undefined) return Math.min(DEFAULT_TOP_K, labelCount);
  const value = Number(raw);
  if (raw.trim() === '' || !Number.isInteger(value) || value < 1 || value > labelCount) {
    throw apiError(400, 'invalid_parameter', `top_k must be an integer from 1 to ${labelCount}, got "${raw}"`);
  }
  return value;
}

/** `POST /v1/predict`: one raw PNG or JPEG body, answered with the default model's top-k. */
export function createPredictRoutes() {
  return new Hono<AppEnv>().post('/v1/predict', limitBody(), async (c) => {
    const mediaType = (c.req.header('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
    if (!IMAGE_TYPES.includes(mediaType)) {
      throw apiError(
        415,
        'unsupported_media_type',
        `content-type "${mediaType || '(none)'}" is not accepted; send ${IMAGE_TYPES.join(' or ')}`,
      );
    }
    const registry = c.get('registry');
    const manifest = await registry.manifest(registry.defaultModel);
    const k = parseTopK(c.req.query('top_k'), manifest.labels.length);
    const bytes = new Uint8Array(await c.req.arrayBuffer());
    if (bytes.byteLength === 0) throw apiError(400, 'empty_body', 'request body is empty; send the image bytes');

    const served = await registry.load(registry.defaultModel);
    let pixels: Float32Array;
    try {
      const spec = { input: manifest.input, ...manifest.preprocessing };
      pixels = preprocessImage(bytes, spec, { maxPixels: readLimits(c.env).maxImagePixels });
    } catch (error) {
      if (error instanceof ImageError) throw apiError(IMAGE_ERROR_STATUS[error.code], error.code, error.message);
      throw error;
    }
    const [scores] = await predictScores(served, [pixels]);
    return c.json({
      model: { name: served.manifest.name, version: served.manifest.version },
      predictions: [topK(scores ?? [], served.manifest.labels, k)],
    });
  });
}
