import type { z } from '@hono/zod-openapi';
import { RequestError } from '../errors';
import type { PredictJsonBodySchema, PredictMultipartBodySchema } from '../openapi/api-schemas';
import { decodeBase64 } from './decode-base64';

/** Raw image bodies the predict routes read (WebP has no workerd-compatible decoder here). */
export const IMAGE_MEDIA_TYPES = ['image/png', 'image/jpeg'] as const;

/** Why a near miss is refused, appended to its 415 message. */
export const REFUSED_MEDIA_TYPES: Readonly<Record<string, string>> = {
  'image/webp': 'no WebP decoder that runs in workerd is bundled',
};

/** The images of one predict request, and `top_k` if its JSON body gave one. */
export interface PredictImages {
  images: Uint8Array[];
  topK: number | undefined;
}

/** A predict body after the route's validators: which kind it is, with its validated content. */
export type PredictBodyInput =
  | { kind: 'json'; body: z.infer<typeof PredictJsonBodySchema> }
  | { kind: 'multipart'; body: z.infer<typeof PredictMultipartBodySchema> }
  | { kind: 'raw'; bytes: ArrayBuffer };

/** Refuses more than `maxBatchSize` images with `batch_too_large`. */
export function checkBatchSize(count: number, maxBatchSize: number): void {
  if (count > maxBatchSize) {
    throw new RequestError('batch_too_large', `${count} images in one request; the limit is ${maxBatchSize}`);
  }
}

/**
 * The image bytes of a predict request, in input order: a raw PNG/JPEG body (one image),
 * multipart `image` parts, or JSON `instances[].b64`. Throws `RequestError`s (400/413/415).
 * The route's middleware and validators have already checked the media type, size and shape.
 */
export async function readPredictImages(input: PredictBodyInput, maxBatchSize: number): Promise<PredictImages> {
  if (input.kind === 'json') {
    const { instances, top_k: topK } = input.body;
    checkBatchSize(instances.length, maxBatchSize);
    const images = instances.map((instance, index) => {
      const bytes = decodeBase64(instance.b64);
      if (bytes === undefined) throw new RequestError('invalid_request', `instances.${index}.b64 is not valid base64`);
      return bytes;
    });
    return { images, topK };
  }

  if (input.kind === 'multipart') {
    const parts = Array.isArray(input.body.image) ? input.body.image : [input.body.image];
    checkBatchSize(parts.length, maxBatchSize);
    for (const [index, part] of parts.entries()) {
      const why = REFUSED_MEDIA_TYPES[part.type];
      if (why !== undefined) {
        throw new RequestError('unsupported_media_type', `image part ${index} is ${part.type} (${why}); send ${IMAGE_MEDIA_TYPES.join(' or ')}`);
      }
    }
    // Uint8Array views over each part's own buffer: no copy.
    const images = await Promise.all(parts.map(async (part) => new Uint8Array(await part.arrayBuffer())));
    return { images, topK: undefined };
  }

  if (input.bytes.byteLength === 0) throw new RequestError('empty_body', 'request body is empty; send the image bytes');
  return { images: [new Uint8Array(input.bytes)], topK: undefined };
}
