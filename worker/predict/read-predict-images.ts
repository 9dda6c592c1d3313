import type { Context } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../app-env';
import { apiError } from '../http/api-error';
import { describeValidationFailure } from '../http/validation-hook';
import { PredictJsonBodySchema } from '../openapi/api-schemas';
import { mediaTypeOf } from '../middleware/require-media-type';
import { decodeBase64 } from './decode-base64';

/** Raw image bodies the predict routes read (WebP has no workerd-compatible decoder here). */
export const IMAGE_MEDIA_TYPES = ['image/png', 'image/jpeg'] as const;

/** Every request body the predict routes accept. */
export const PREDICT_MEDIA_TYPES = [...IMAGE_MEDIA_TYPES, 'multipart/form-data', 'application/json'] as const;

/** Why a near miss is refused, appended to its 415 message. */
export const REFUSED_MEDIA_TYPES: Readonly<Record<string, string>> = {
  'image/webp': 'no WebP decoder that runs in workerd is bundled',
};

/** The images of one predict request, and `top_k` if its JSON body gave one. */
export interface PredictImages {
  images: Uint8Array[];
  topK: number | undefined;
}

const imagePartsSchema = z.array(z.instanceof(File), 'every "image" part must be a file').min(1, 'multipart body needs one or more file parts named "image"');

function checkBatchSize(count: number, maxBatchSize: number): void {
  if (count > maxBatchSize) {
    throw apiError(413, 'batch_too_large', `${count} images in one request; the limit is ${maxBatchSize}`);
  }
}

/**
 * The image bytes of a predict request, in input order: a raw PNG/JPEG body (one image),
 * multipart `image` parts, or JSON `instances[].b64`. Throws 400/413/415 `HTTPException`s.
 * The route's middleware has already checked the content-type and the body size.
 */
export async function readPredictImages(c: Context<AppEnv>): Promise<PredictImages> {
  const { maxBatchSize } = c.get('config');
  const mediaType = mediaTypeOf(c.req.header('content-type'));

  if (mediaType === 'application/json') {
    // The route's validator has parsed and checked this body already (hono caches it); parsing
    // it again here keeps the type without a cast.
    const body = PredictJsonBodySchema.safeParse(await c.req.json());
    if (!body.success) throw apiError(400, 'invalid_request', describeValidationFailure({ ...body, target: 'json' }));
    const { instances, top_k: topK } = body.data;
    checkBatchSize(instances.length, maxBatchSize);
    const images = instances.map((instance, index) => {
      const bytes = decodeBase64(instance.b64);
      if (bytes === undefined) throw apiError(400, 'invalid_request', `instances.${index}.b64 is not valid base64`);
      return bytes;
    });
    return { images, topK };
  }

  if (mediaType === 'multipart/form-data') {
    let form: FormData;
    try {
      form = await c.req.formData();
    } catch {
      throw apiError(400, 'invalid_request', 'multipart body could not be parsed');
    }
    const parts = imagePartsSchema.safeParse(form.getAll('image'));
    if (!parts.success) throw apiError(400, 'invalid_request', parts.error.issues[0]?.message ?? 'invalid multipart body');
    checkBatchSize(parts.data.length, maxBatchSize);
    for (const [index, part] of parts.data.entries()) {
      const why = REFUSED_MEDIA_TYPES[part.type];
      if (why !== undefined) throw apiError(415, 'unsupported_media_type', `image part ${index} is ${part.type} (${why}); send ${IMAGE_MEDIA_TYPES.join(' or ')}`);
    }
    const images = await Promise.all(parts.data.map(async (part) => new Uint8Array(await part.arrayBuffer())));
    return { images, topK: undefined };
  }

  const bytes = new Uint8Array(await c.req.arrayBuffer());
  if (bytes.byteLength === 0) throw apiError(400, 'empty_body', 'request body is empty; send the image bytes');
  return { images: [bytes], topK: undefined };
}
