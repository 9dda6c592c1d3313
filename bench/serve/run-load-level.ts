import autocannon from 'autocannon';
import type { PredictBody } from './load-predict-bodies';
import type { LevelMeasurement } from './summarize-level';
import { PREDICT_PATH } from './time-predict';

/** Options for `runLoadLevel`. */
export interface LoadLevelOptions {
  /** The worker's origin, e.g. `http://127.0.0.1:8787`. */
  url: string;
  connections: number;
  durationSeconds: number;
  /** A request without a response after this many seconds counts as an error (a timeout). */
  timeoutSeconds: number;
  /** Each connection cycles through these in order (PNG, JPEG, PNG, …). */
  bodies: readonly PredictBody[];
  /** Aborting stops the load at once and rejects with the reason. */
  signal?: AbortSignal;
}

/**
 * Drives POST /v1/predict with autocannon for a fixed time at `connections` concurrent
 * keep-alive connections, one request in flight per connection (pipelining 1, as a browser or
 * fetch client would), and returns every response's latency (sub-ms, from autocannon's
 * per-response event: its own histogram has 1 ms resolution and only counts 2xx).
 */
export function runLoadLevel(options: LoadLevelOptions): Promise<LevelMeasurement> {
  return new Promise((resolve, reject) => {
    if (options.signal?.aborted) return reject(options.signal.reason);
    const latenciesMs: number[] = [];
    const requests = options.bodies.map((body) => ({
      method: 'POST' as const,
      path: PREDICT_PATH,
      headers: { 'content-type': body.contentType },
      body: body.bytes,
    }));
    const onAbort = (): void => instance.stop();
    const instance = autocannon(
      { url: options.url, connections: options.connections, duration: options.durationSeconds, timeout: options.timeoutSeconds, pipelining: 1, requests },
      (error: unknown, result) => {
        options.signal?.removeEventListener('abort', onAbort);
        if (options.signal?.aborted) return reject(options.signal.reason);
        if (error) return reject(error instanceof Error ? error : new Error(`autocannon failed: ${String(error)}`));
        resolve({ connections: options.connections, latenciesMs, durationSeconds: result.duration, errors: result.errors, non2xx: result.non2xx });
      },
    );
    instance.on('response', (_client, _statusCode, _bytes, responseTimeMs) => latenciesMs.push(responseTimeMs));
    options.signal?.addEventListener('abort', onAbort, { once: true });
  });
}
