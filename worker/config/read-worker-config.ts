import { z } from 'zod';

/** The worker's settings, read from its vars (wrangler.toml `[vars]`) and optional secret. */
export interface WorkerConfig {
  /** The model `POST /v1/predict` serves. */
  defaultModel: string;
  /** Largest request body, bytes → 413 `payload_too_large`. */
  maxBodyBytes: number;
  /** Largest `width * height` per image, checked from the header → 413 `image_too_large`. */
  maxImagePixels: number;
  /** Most images in one predict request → 413 `batch_too_large`. */
  maxBatchSize: number;
  /** How long an isolate trusts a model's `current.json`, ms (0: re-read on every request). */
  registryTtlMs: number;
  /** Loaded-model cache budget per isolate, bytes of float32 weights. */
  modelCacheBytes: number;
  /** Origins CORS allows: `'*'` or an explicit list. */
  corsOrigins: '*' | string[];
  /** When set, predict routes require `Authorization: Bearer <apiToken>`. */
  apiToken: string | undefined;
}

const MIB = 1024 * 1024;

function integerVar(min: number, fallback: number) {
  return z
    .string()
    .regex(/^\d+$/, 'must be a non-negative integer')
    .transform(Number)
    .pipe(z.number().int().min(min).max(Number.MAX_SAFE_INTEGER))
    .default(fallback);
}

const configSchema = z.object({
  DEFAULT_MODEL: z.string().min(1).default('mnist'),
  MAX_BODY_BYTES: integerVar(1, 10 * MIB),
  MAX_IMAGE_PIXELS: integerVar(1, 4_000_000),
  MAX_BATCH_SIZE: integerVar(1, 32),
  REGISTRY_TTL_SECONDS: integerVar(0, 30),
  MODEL_CACHE_BYTES: integerVar(1, 64 * MIB),
  CORS_ORIGINS: z.string().default('*'),
  // A secret, so `wrangler types` does not know it: it is read (and validated) here.
  API_TOKEN: z.string().optional(),
});

/**
 * Validates the worker's vars. A missing var takes its default; a malformed one throws (every
 * request then fails with a logged 500 rather than running with a silently different limit).
 */
export function readWorkerConfig(env: object): WorkerConfig {
  const result = configSchema.safeParse(env);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new Error(`invalid worker var ${issue?.path.join('.') ?? '?'}: ${issue?.message ?? 'unknown problem'}`);
  }
  const vars = result.data;
  const origins = vars.CORS_ORIGINS.split(',').map((origin) => origin.trim()).filter((origin) => origin !== '');
  return {
    defaultModel: vars.DEFAULT_MODEL,
    maxBodyBytes: vars.MAX_BODY_BYTES,
    maxImagePixels: vars.MAX_IMAGE_PIXELS,
    maxBatchSize: vars.MAX_BATCH_SIZE,
    registryTtlMs: vars.REGISTRY_TTL_SECONDS * 1000,
    modelCacheBytes: vars.MODEL_CACHE_BYTES,
    corsOrigins: origins.length === 0 || origins.includes('*') ? '*' : origins,
    apiToken: vars.API_TOKEN === '' ? undefined : vars.API_TOKEN,
  };
}
