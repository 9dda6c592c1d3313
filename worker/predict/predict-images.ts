import { topK } from '../../shared/artifact';
import type { Prediction } from '../../shared/artifact';
import { decodeImage, ImageError, preprocessPixels } from '../../shared/preprocess';
import { RequestError } from '../errors';
import { startInference } from '../inference/start-inference';
import type { IsolateServices } from '../model/create-isolate-services';
import type { ModelRef } from '../model/model-registry';
import { parseTopK } from './parse-top-k';

/** What one predict asks for (HTTP or RPC), its images already read from the request. */
export interface PredictRequest {
  ref: ModelRef;
  /** Encoded images, in input order. */
  images: readonly Uint8Array[];
  /** `?top_k=` (HTTP only). */
  topKQuery: string | undefined;
  /** The JSON body's `top_k`, or the RPC input's `topK`. */
  topKBody: number | undefined;
  requestId: string;
}

/** The body of every successful predict response, and what RPC `predict()` returns. */
export interface PredictResponse {
  model: { name: string; version: string };
  /** One ranked list per input image, in input order. */
  predictions: Prediction[][];
  request_id: string;
}

/** Where a predict's time went, ms. Workers' clocks advance only at I/O, so a phase without I/O can read 0. */
export interface PredictPhases {
  decodeMs: number;
  preprocessMs: number;
  /** Resolving the manifest and loading the model (0 once the model is cached). */
  loadMs: number;
  inferMs: number;
}

/** A successful predict: the response and its phase times (for server-timing and the log line). */
export interface PredictOutcome {
  response: PredictResponse;
  phases: PredictPhases;
}

/**
 * Decodes and preprocesses every image (one at a time, so peak memory is one decoded image),
 * then runs them through the model as ONE tensor batch. Bad image `i` → `RequestError` with the
 * image's code, naming it when the batch has more than one.
 */
export async function predictImages(services: IsolateServices, request: PredictRequest): Promise<PredictOutcome> {
  const { registry, config } = services;
  const { ref, images } = request;
  const loadStart = performance.now();
  const manifest = await registry.manifest(ref);
  const k = parseTopK(request.topKQuery, request.topKBody, manifest.labels.length);
  const manifestMs = performance.now() - loadStart;
  // Start tfjs (first request of the isolate) and the model load while images decode.
  const loading = Promise.all([startInference(), registry.load(ref)]);
  loading.catch(() => undefined); // awaited below; a decode error must not leave it unhandled
  const spec = { input: manifest.input, ...manifest.preprocessing };

  let decodeMs = 0;
  let preprocessMs = 0;
  const inputs = images.map((bytes, index) => {
    try {
      const decodeStart = performance.now();
      const raw = decodeImage(bytes, { maxPixels: config.maxImagePixels });
      const preprocessStart = performance.now();
      const pixels = preprocessPixels(raw, spec); // [h, w, c] float32
      decodeMs += preprocessStart - decodeStart;
      preprocessMs += performance.now() - preprocessStart;
      return pixels;
    } catch (error) {
      if (!(error instanceof ImageError)) throw error;
      const where = images.length > 1 ? `image ${index}: ` : '';
      throw new RequestError(error.code, `${where}${error.message}`, { cause: error });
    }
  });

  const waitStart = performance.now();
  const [{ scoreBatch }, served] = await loading;
  // No await between getting the model and starting the batch: the cache cannot evict it in between.
  const inferStart = performance.now();
  const scores = scoreBatch(served, inputs);
  const inferMs = performance.now() - inferStart;

  return {
    response: {
      model: { name: ref.name, version: ref.version },
      predictions: scores.map((row) => topK(row, manifest.labels, k)),
      request_id: request.requestId,
    },
    phases: { decodeMs, preprocessMs, loadMs: manifestMs + inferStart - waitStart, inferMs },
  };
}
