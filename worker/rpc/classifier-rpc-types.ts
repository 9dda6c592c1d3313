import type { ClassifierErrorCode } from '../errors';

/** What `env.CLASSIFIER.predict()` takes: encoded PNG/JPEG images, and optionally which model. */
export interface ClassifierPredictInput {
  /** One or more encoded images (a batch), in order. */
  images: (ArrayBuffer | Uint8Array)[];
  /** A model name; the worker's default model when absent. */
  model?: string;
  /** A version of `model`; its default version when absent. */
  version?: string;
  /** Ranked labels per image, 1..labels (default 5 or fewer). */
  topK?: number;
}

/** Every code an RPC call can fail with: the HTTP API's codes, plus `internal_error`. */
export type ClassifierRpcErrorCode = ClassifierErrorCode | 'internal_error';

/** The `{ code, message }` of a failed RPC call, with the HTTP status the same failure gets. */
export interface ClassifierRpcErrorInfo {
  code: ClassifierRpcErrorCode;
  message: string;
  status: number;
}
