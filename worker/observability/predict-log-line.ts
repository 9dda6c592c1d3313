import type { PredictOutcome } from '../predict/predict-images';

/**
 * The one structured log line of a predict, HTTP or RPC. Workers Logs indexes its JSON fields
 * (`wrangler tail --format json`, the dashboard's query builder). It never holds image bytes,
 * tokens or headers: only what the worker decided.
 */
export interface PredictLogLine {
  event: 'predict';
  transport: 'http' | 'rpc';
  request_id: string;
  /** The model asked for (or served), `null` when the request failed before naming one. */
  model: string | null;
  /** The version served, `null` when none was resolved. */
  version: string | null;
  /** Images in the request, `null` when they were never read (e.g. a refused body). */
  images: number | null;
  /** The HTTP status (RPC: the status the same error gets over HTTP). */
  status: number;
  /** `ok`, or the error code the caller got. */
  code: string;
  /** Top-1 of the first image, and the lowest top-1 score of the batch (confidence drift). */
  top1_label?: string;
  top1_score?: number;
  top1_score_min?: number;
  /** Phase times, ms; Workers' clocks advance only at I/O, so CPU-only phases may read 0 in production. */
  decode_ms?: number;
  preprocess_ms?: number;
  load_ms?: number;
  infer_ms?: number;
}

/** What a successful predict adds to its log line. */
export function outcomeLogFields(outcome: PredictOutcome): Partial<PredictLogLine> {
  const { response, phases } = outcome;
  const firsts = response.predictions.map((ranked) => ranked[0]);
  const top1 = firsts[0];
  const round = (ms: number) => Math.round(ms * 1000) / 1000;
  return {
    model: response.model.name,
    version: response.model.version,
    images: response.predictions.length,
    ...(top1 === undefined ? {} : { top1_label: top1.label, top1_score: top1.score }),
    top1_score_min: Math.min(...firsts.map((first) => first?.score ?? 0)),
    decode_ms: round(phases.decodeMs),
    preprocess_ms: round(phases.preprocessMs),
    load_ms: round(phases.loadMs),
    infer_ms: round(phases.inferMs),
  };
}

/** Writes the line: `console.log` for 2xx, `warn` for 4xx, `error` for 5xx (the log's level). */
export function writePredictLog(line: PredictLogLine): void {
  const text = JSON.stringify(line);
  if (line.status >= 500) console.error(text);
  else if (line.status >= 400) console.warn(text);
  else console.log(text);
}
