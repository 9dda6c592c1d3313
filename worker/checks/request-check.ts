import type { Context } from 'hono';
import type { AppEnv } from '../app-env';

/**
 * One check of a request before its handler does any work: it returns when the request may go
 * on and throws the refusal (an `HTTPException` with the API's JSON error, which `app.onError`
 * sends) when not. The predict handler runs its checks in order, in one call: as middleware,
 * each would be another level of hono's dispatch on the hottest route.
 */
export type RequestCheck = (c: Context<AppEnv>) => Promise<void>;
