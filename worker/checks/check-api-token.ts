import type { MiddlewareHandler } from 'hono';
import { bearerAuth } from 'hono/bearer-auth';
import type { AppEnv } from '../app-env';
import { errorResponse } from '../http/api-error';
import type { RequestCheck } from './request-check';

/** Options for `checkApiToken`. */
export interface CheckApiTokenOptions {
  /** The realm named in `WWW-Authenticate`. */
  realm?: string;
}

/**
 * When the `API_TOKEN` secret is set, requires `Authorization: Bearer <token>` (compared in
 * constant time by hono's bearerAuth): 401 `unauthorized` with `WWW-Authenticate: Bearer ...`
 * otherwise, a malformed header included. Without the secret, every request passes.
 */
export function checkApiToken(options: CheckApiTokenOptions = {}): RequestCheck {
  const realm = options.realm ?? 'edgefuse';
  const challenge = (error?: string) => `Bearer realm="${realm}"${error === undefined ? '' : `, error="${error}"`}`;
  const unauthorized = (message: string) => () => errorResponse(401, 'unauthorized', message);
  // hono's bearerAuth per token, built on first use rather than on every request.
  const byToken = new Map<string, MiddlewareHandler<AppEnv>>();
  return async function checkApiTokenWhenSet(c) {
    const { apiToken } = c.get('config');
    if (apiToken === undefined) return;
    let auth = byToken.get(apiToken);
    if (auth === undefined) {
      auth = bearerAuth<AppEnv>({
      token: apiToken,
      realm,
      noAuthenticationHeader: { message: unauthorized('send Authorization: Bearer <token>'), wwwAuthenticateHeader: challenge() },
      invalidAuthenticationHeader: {
        message: unauthorized('malformed Authorization header; send Bearer <token>'),
        wwwAuthenticateHeader: challenge('invalid_request'),
      },
      invalidToken: { message: unauthorized('invalid token'), wwwAuthenticateHeader: challenge('invalid_token') },
      });
      byToken.set(apiToken, auth);
    }
    // bearerAuth throws its 401 (an HTTPException carrying the response built above) or calls next.
    await auth(c, async () => undefined);
  };
}
