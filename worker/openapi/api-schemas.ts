import { z } from '@hono/zod-openapi';
import { MODEL_NAME_PATTERN, MODEL_VERSION_PATTERN, modelNameSchema, modelVersionSchema } from '../../shared/artifact/model-contract';

// The wire schemas of the API: routes validate requests and type responses with them, and
// `GET /openapi.json` is generated from them.

export const ErrorSchema = z
  .object({ error: z.object({ code: z.string().openapi({ example: 'model_not_found' }), message: z.string() }) })
  .openapi('Error');

/**
 * A path parameter checked by one of shared/artifact's contract schemas, so HTTP refuses a name
 * or version with the words the trainer, publish and RPC use. (Wrapped, not `.openapi()`-ed
 * directly: the shared schema comes from plain zod, which zod-openapi may not have extended.)
 */
function contractParam(schema: z.ZodType<string>, pattern: RegExp) {
  return z
    .string()
    .superRefine((value, context) => {
      const result = schema.safeParse(value);
      if (!result.success) context.addIssue({ code: 'custom', message: result.error.issues[0]?.message ?? 'invalid' });
    })
    .openapi({ pattern: pattern.source });
}

export const ModelNameParamsSchema = z.object({
  name: contractParam(modelNameSchema, MODEL_NAME_PATTERN).openapi({ param: { name: 'name', in: 'path' }, example: 'mnist' }),
});

export const ModelVersionParamsSchema = ModelNameParamsSchema.extend({
  version: contractParam(modelVersionSchema, MODEL_VERSION_PATTERN).openapi({ param: { name: 'version', in: 'path' }, example: '1' }),
});

/** What `?top_k=` must look like, and the words when it does not (the schema below and the predict handler's check). */
export const TOP_K_QUERY_PATTERN = /^[1-9]\d{0,5}$/;
export const TOP_K_QUERY_MESSAGE = 'must be an integer ≥ 1';

export const TopKQuerySchema = z.object({
  top_k: z
    .string()
    .regex(TOP_K_QUERY_PATTERN, TOP_K_QUERY_MESSAGE)
    .optional()
    .openapi({ param: { name: 'top_k', in: 'query' }, description: 'How many ranked labels per image, 1..labels (default 5 or fewer).', example: '3' }),
});

export const PredictJsonBodySchema = z
  .object({
    instances: z.array(z.object({ b64: z.string().min(1).openapi({ description: 'PNG or JPEG bytes, base64' }) })).min(1),
    top_k: z.number().int().min(1).optional(),
  })
  .openapi('PredictJsonBody');

/** A raw image body (not validated by zod: raw bodies are read and decoded by the handler). */
export const BinaryImageSchema = z.string().openapi({ type: 'string', format: 'binary' });

const FileSchema = z.custom<File>((value) => value instanceof File, 'must be a file').openapi({ type: 'string', format: 'binary' });

export const PredictMultipartBodySchema = z
  .object({
    image: z
      .union([FileSchema, z.array(FileSchema)], { error: 'multipart body needs one or more file parts named "image", every one a file' })
      .openapi({ description: 'One or more image file parts (a batch)' }),
  })
  .openapi('PredictMultipartBody');

/**
 * The predict request body, defined once: zod-openapi validates the JSON and multipart bodies
 * with it (and refuses other media types), and `/openapi.json` documents every media type from it.
 */
export const PredictBody = {
  description: 'One raw PNG/JPEG, multipart `image` parts (a batch), or JSON base64 instances (a batch).',
  content: {
    'image/png': { schema: BinaryImageSchema },
    'image/jpeg': { schema: BinaryImageSchema },
    'multipart/form-data': { schema: PredictMultipartBodySchema },
    'application/json': { schema: PredictJsonBodySchema },
  },
};

/** Every request body the predict routes accept (the keys of `PredictBody.content`). */
export const PREDICT_MEDIA_TYPES: readonly string[] = Object.keys(PredictBody.content);

export const ModelRefSchema = z.object({ name: z.string(), version: z.string() }).openapi('ModelRef');

export const PredictionSchema = z
  .object({ label: z.string(), score: z.number(), index: z.number().int() })
  .openapi('Prediction');

export const PredictResponseSchema = z
  .object({
    model: ModelRefSchema,
    /** One ranked list per input image, in input order. */
    predictions: z.array(z.array(PredictionSchema)),
    request_id: z.string(),
  })
  .openapi('PredictResponse');

export const ModelSourceSchema = z.enum(['r2', 'bundled']);

export const ModelListSchema = z
  .object({
    models: z.array(
      z.object({
        name: z.string(),
        default_version: z.string().nullable(),
        versions: z.array(z.object({ version: z.string(), source: ModelSourceSchema })),
      }),
    ),
  })
  .openapi('ModelList');

export const ModelDescriptionSchema = z
  .object({
    name: z.string(),
    version: z.string(),
    source: ModelSourceSchema,
    labels: z.array(z.string()),
    input: z.object({ height: z.number().int(), width: z.number().int(), channels: z.number().int() }),
    preprocessing: z.object({
      alphaBackground: z.enum(['black', 'white']),
      antialias: z.boolean(),
      mean: z.array(z.number()),
      std: z.array(z.number()),
    }),
    output: z.enum(['logits', 'probabilities']),
    metrics: z.record(z.string(), z.number()),
    createdAt: z.string(),
  })
  .openapi('ModelDescription');

export const HealthSchema = z.object({ status: z.literal('ok') }).openapi('Health');

export const ReadySchema = z
  .object({ status: z.enum(['ready', 'unavailable']), model: z.object({ name: z.string(), version: z.string().optional() }) })
  .openapi('Ready');

/** `content` of a JSON response with `schema`. */
export function jsonContent<T extends z.ZodType>(schema: T, description: string) {
  return { content: { 'application/json': { schema } }, description };
}
