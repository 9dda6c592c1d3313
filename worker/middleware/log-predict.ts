import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../app-env';
import type { PredictLogLine } from '../observability/predict-log-line';
import { writePredictLog } from '../observability/predict-log-line';

async function errorCodeOf(response: Response): Promise<string> {
  try {
    const body: unknown = await response.clone().json();
    const error = typeof body === 'object' && body !== null && 'error' in body ? body.error : undefined;
    const code = typeof error === 'object' && error !== null && 'code' in error ? error.code : undefined;
    return typeof code === 'string' ? code : 'unknown';
  } catch {
    return 'unknown';
  }
}

/**
 * Writes the predict log line of every predict request once its response is known, refusals
 * by earlier middleware (401, 413, 415) included. The handler leaves its fields in `predictLog`.
 */
export function logPredict(): MiddlewareHandler<AppEnv> {
  return async function logPredictRequest(c, next) {
    await next();
    const fields = c.get('predictLog') ?? {};
    const status = c.res.status;
    const line: PredictLogLine = {
      event: 'predict',
      transport: 'http',
      request_id: c.get('requestId'),
      model: c.req.param('name') ?? null,
      version: c.req.param('version') ?? null,
      images: null,
      ...fields,
      status,
      code: status < 400 ? 'ok' : await errorCodeOf(c.res),
    };
    writePredictLog(line);
  };
}
