import { exports } from 'cloudflare:workers';

/** Sends a request to the worker under test (its real default export, in this workerd isolate). */
export function fetchWorker(path: string, init?: RequestInit): Promise<Response> {
  return exports.default.fetch(new Request(`http://edgefuse.test${path}`, init));
}

/** The JSON error body every 4xx/5xx carries. */
export interface ErrorJson {
  error: { code: string; message: string };
}

/** A prediction response body. */
export interface PredictJson {
  model: { name: string; version: string };
  predictions: { label: string; score: number; index: number }[][];
}
