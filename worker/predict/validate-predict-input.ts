import type { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { AppEnv } from '../app-env';
import { apiError } from '../http/api-error';
import { validationError } from '../http/validation-hook';
import { PredictJsonBodySchema, PredictMultipartBodySchema, TOP_K_QUERY_MESSAGE, TOP_K_QUERY_PATTERN, TopKQuerySchema } from '../openapi/api-schemas';
import type { PredictBodyInput } from './read-predict-images';

// The predict routes' request validation, with the schemas /openapi.json documents and the
// errors zod-openapi's validators give (the same 400s, targets and messages), done in the handler:
// as validator middleware it was five levels of hono's dispatch per predict.

/** A `safeParse` result's data, or the route's 400 for `target`. */
function validated<T>(result: z.ZodSafeParseResult<T>, target: 'query' | 'param' | 'json' | 'form'): T {
  if (!result.success) throw validationError({ success: false, target, error: result.error });
  return result.data;
}

/**
 * `?top_k=`, checked as `TopKQuerySchema` checks it, with its pattern and words; a repeated
 * parameter is an array, which the schema refuses in its own words. Read with the runtime's
 * URLSearchParams and checked by the pattern: hono's query parser and a zod parse were the
 * costliest part of a predict's handler (tools/profile-isolate.ts).
 */
export function validTopKQuery(c: Context<AppEnv>): string | undefined {
  const url = c.req.url;
  const queryStart = url.indexOf('?');
  if (queryStart < 0) return undefined;
  const values = new URLSearchParams(url.slice(queryStart + 1)).getAll('top_k');
  const [only] = values;
  if (only === undefined) return undefined;
  if (values.length > 1) return validated(TopKQuerySchema.safeParse({ top_k: values }), 'query').top_k;
  if (!TOP_K_QUERY_PATTERN.test(only)) throw validationError({ success: false, target: 'query', error: { issues: [{ path: ['top_k'], message: TOP_K_QUERY_MESSAGE }] } });
  return only;
}

/** The path parameters, validated by the route's params schema. */
export function validParams<Schema extends z.ZodType>(c: Context<AppEnv>, schema: Schema): z.output<Schema> {
  return validated(schema.safeParse(c.req.param()), 'param');
}

/**
 * The body, by its media type (already checked): JSON and multipart parsed and validated by their
 * schemas (a body that does not parse gets hono's validator's words), raw images as bytes.
 */
export async function validPredictBody(c: Context<AppEnv>, mediaType: string): Promise<PredictBodyInput> {
  if (mediaType === 'application/json') {
    let body: unknown;
    try {
      body = await c.req.json();
    } catch {
      throw apiError(400, 'invalid_request', 'Malformed JSON in request body');
    }
    return { kind: 'json', body: validated(PredictJsonBodySchema.safeParse(body), 'json') };
  }
  if (mediaType === 'multipart/form-data') {
    let formData: FormData;
    try {
      formData = await c.req.formData();
    } catch (error) {
      throw apiError(400, 'invalid_request', `Malformed FormData request. ${error instanceof Error ? error.message : String(error)}`);
    }
    // As hono's validator reads a form: a repeated name (or `name[]`) becomes a list. No prototype,
    // so a part named `__proto__` is a plain key (Object.create is typed `any`; this is the record).
    const form: Record<string, File | string | (File | string)[]> = Object.create(null);
    formData.forEach((value, key) => {
      const existing = form[key];
      if (key.endsWith('[]')) form[key] = [...(Array.isArray(existing) ? existing : []), value];
      else if (Array.isArray(existing)) existing.push(value);
      else if (existing !== undefined) form[key] = [existing, value];
      else form[key] = value;
    });
    return { kind: 'multipart', body: validated(PredictMultipartBodySchema.safeParse(form), 'form') };
  }
  return { kind: 'raw', bytes: await c.req.arrayBuffer() };
}
