import { DEFAULT_MAX_PIXELS } from '../../shared/preprocess';

/** Request limits, from the worker's vars (wrangler.toml `[vars]`), with defaults. */
export interface Limits {
  maxBodyBytes: number;
  maxImagePixels: number;
}

function positiveInteger(value: string | undefined, fallback: number): number {
  const number = Number(value);
  return value !== undefined && Number.isInteger(number) && number > 0 ? number : fallback;
}

/** Reads the limits from `env`; a missing or malformed var falls back to its default. */
export function readLimits(env: Partial<Record<'MAX_BODY_BYTES' | 'MAX_IMAGE_PIXELS', string>>): Limits {
  return {
    maxBodyBytes: positiveInteger(env.MAX_BODY_BYTES, 10 * 1024 * 1024),
    maxImagePixels: positiveInteger(env.MAX_IMAGE_PIXELS, DEFAULT_MAX_PIXELS),
  };
}
