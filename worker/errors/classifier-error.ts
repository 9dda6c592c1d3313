import type { ImageErrorCode } from '../../shared/preprocess';

/** Codes of a refused predict request (the caller's mistake), HTTP and RPC alike. */
export type RequestErrorCode =
  | 'invalid_parameter'
  | 'invalid_request'
  | 'empty_body'
  | 'payload_too_large'
  | 'batch_too_large'
  | ImageErrorCode;

/** Codes the model registry throws: unknown name or version, or an artifact that fails validation. */
export type RegistryErrorCode = 'model_not_found' | 'version_not_found' | 'model_unavailable';

/** Every code a predict can fail with, besides `unauthorized` and `internal_error` (HTTP only). */
export type ClassifierErrorCode = RequestErrorCode | RegistryErrorCode;

/**
 * The domain error of the worker: a code and a message safe to show the caller. The HTTP layer
 * maps `code` to a status (`worker/http/handle-error.ts`); the RPC entrypoint rethrows it as a
 * typed `ClassifierRpcError` with the same code.
 */
export class ClassifierError<Code extends ClassifierErrorCode = ClassifierErrorCode> extends Error {
  override readonly name: string = 'ClassifierError';
  readonly code: Code;

  constructor(code: Code, message: string, options?: ErrorOptions) {
    super(message, options);
    this.code = code;
  }
}

/** A predict request the worker refuses: bad parameter, body, batch or image. */
export class RequestError extends ClassifierError<RequestErrorCode> {
  override readonly name = 'RequestError';
}

/** No model of that name (`model_not_found`). */
export class ModelNotFoundError extends ClassifierError<'model_not_found'> {
  override readonly name = 'ModelNotFoundError';
  constructor(name: string) {
    super('model_not_found', `no model named "${name}"`);
  }
}

/** The model exists, the version does not (`version_not_found`). */
export class VersionNotFoundError extends ClassifierError<'version_not_found'> {
  override readonly name = 'VersionNotFoundError';
  constructor(name: string, version: string) {
    super('version_not_found', `model "${name}" has no version "${version}"`);
  }
}

/** The version's artifact failed validation (`model_unavailable`); the cause is logged, not shown. */
export class ModelUnavailableError extends ClassifierError<'model_unavailable'> {
  override readonly name = 'ModelUnavailableError';
  constructor(name: string, version: string, options?: ErrorOptions) {
    super('model_unavailable', `model "${name}" version "${version}" is unavailable: its artifact failed validation`, options);
  }
}
