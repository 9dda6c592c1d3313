import type { Hook } from '@hono/zod-openapi';
import type { HTTPException } from 'hono/http-exception';
import type { AppEnv } from '../app-env';
import { apiError } from './api-error';

interface ValidationFailure {
  success: boolean;
  target: string;
  error?: { issues: readonly { path: readonly PropertyKey[]; message: string }[] };
}

/** The message of a failed validation: where (target and path) and what. */
export function describeValidationFailure(result: ValidationFailure): string {
  const issue = result.error?.issues[0];
  const where = [result.target === 'param' ? 'path' : result.target, ...(issue?.path ?? []).map(String)].join('.');
  return `${where}: ${issue?.message ?? 'invalid'}`;
}

/**
 * The 400 of a failed zod validation, with the JSON error shape: `invalid_parameter` for
 * path/query, `invalid_request` for the body (`json`, `form`).
 */
export function validationError(result: ValidationFailure): HTTPException {
  const code = result.target === 'json' || result.target === 'form' ? 'invalid_request' : 'invalid_parameter';
  return apiError(400, code, describeValidationFailure(result));
}

/** The `defaultHook` of every OpenAPIHono router: a failed validation throws `validationError`'s 400. */
export const validationHook: Hook<unknown, AppEnv, string, undefined> = (result) => {
  if (result.success) return undefined;
  throw validationError(result);
};
