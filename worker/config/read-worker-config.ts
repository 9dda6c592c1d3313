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

/** The vars as workerd passes them (strings; bindings and secrets share the object). */
type Vars = Record<string, unknown>;

/** Why a var is refused: `readWorkerConfig` throws it, naming the var. */
const invalid = (name: string, problem: string) => new Error(`invalid worker var ${name}: ${problem}`);

/** A whole number ≥ `min` written in decimal digits, or `fallback` when the var is absent. */
function integerVar(vars: Vars, name: string, min: number, fallback: number): number {
  const value = vars[name];
  if (value === undefined) return fallback;
  if (typeof value !== 'string' || !/^\d+$/.test(value)) throw invalid(name, 'must be a non-negative integer');
  const parsed = Number(value);
  if (parsed < min) throw invalid(name, `must be at least ${min}`);
  if (parsed > Number.MAX_SAFE_INTEGER) throw invalid(name, `must be at most ${Number.MAX_SAFE_INTEGER}`);
  return parsed;
}

/** A string var (at least `minLength` characters), or `fallback` when it is absent. */
function stringVar<Fallback extends string | undefined>(vars: Vars, name: string, fallback: Fallback, minLength = 0): string | Fallback {
  const value = vars[name];
  if (value === undefined) return fallback;
  if (typeof value !== 'string') throw invalid(name, 'must be a string');
  if (value.length < minLength) throw invalid(name, 'must not be empty');
  return value;
}

/**
 * Validates the worker's vars. A missing var takes its default; a malformed one throws (every
 * request then fails with a logged 500 rather than running with a silently different limit).
 * Plain checks rather than a zod schema: this runs on an isolate's first request, and zod's first
 * parse there (its schema set-up and compiling its code) cost about 1 ms (bench:serve).
 */
export function readWorkerConfig(env: object): WorkerConfig {
  // workerd's env is a plain object of bindings; only the vars below are read from it.
  const vars = env as Vars;
  const origins = stringVar(vars, 'CORS_ORIGINS', '*').split(',').map((origin) => origin.trim()).filter((origin) => origin !== '');
  // A secret, so `wrangler types` does not know it: it is read (and validated) here.
  const apiToken = stringVar(vars, 'API_TOKEN', undefined);
  return {
    defaultModel: stringVar(vars, 'DEFAULT_MODEL', 'mnist', 1),
    maxBodyBytes: integerVar(vars, 'MAX_BODY_BYTES', 1, 10 * MIB),
    maxImagePixels: integerVar(vars, 'MAX_IMAGE_PIXELS', 1, 4_000_000),
    maxBatchSize: integerVar(vars, 'MAX_BATCH_SIZE', 1, 32),
    registryTtlMs: integerVar(vars, 'REGISTRY_TTL_SECONDS', 0, 30) * 1000,
    modelCacheBytes: integerVar(vars, 'MODEL_CACHE_BYTES', 1, 64 * MIB),
    corsOrigins: origins.length === 0 || origins.includes('*') ? '*' : origins,
    apiToken: apiToken === '' ? undefined : apiToken,
  };
}
