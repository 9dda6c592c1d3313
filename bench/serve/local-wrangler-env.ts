/**
 * The environment for a benchmark's wrangler child: non-interactive (CI=true), and no update
 * check, metrics or error reports, so the only network traffic is the benchmark's own to
 * 127.0.0.1 (and no banner fetch delays the cold start).
 */
export function localWranglerEnv(): NodeJS.ProcessEnv {
  return {
    ...process.env,
    CI: 'true',
    WRANGLER_HIDE_BANNER: 'true',
    WRANGLER_SEND_METRICS: 'false',
    WRANGLER_SEND_ERROR_REPORTS: 'false',
  };
}
