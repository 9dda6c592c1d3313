import type { PredictBody } from './load-predict-bodies';

/** The path every predict request of the benchmark goes to (the default model). */
export const PREDICT_PATH = '/v1/predict';

/**
 * Sends one POST /v1/predict with `body` and returns its latency in ms, response body read.
 * Throws with the status and the response text unless the status is 200: a benchmark of
 * error responses would measure the wrong thing.
 */
export async function timePredict(url: string, body: PredictBody, timeoutMs: number): Promise<number> {
  const startedAt = performance.now();
  const response = await fetch(`${url}${PREDICT_PATH}`, {
    method: 'POST',
    headers: { 'content-type': body.contentType },
    body: new Uint8Array(body.bytes), // a copy on an ArrayBuffer: fetch's BodyInit does not take a Buffer
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await response.text();
  const latencyMs = performance.now() - startedAt;
  if (response.status !== 200) throw new Error(`POST ${PREDICT_PATH} with ${body.path} (${body.contentType}) answered ${response.status}: ${text.slice(0, 500)}`);
  return latencyMs;
}
