import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { ClassifierErrorCode } from './classifier-error';

/** The HTTP status of every domain error code (RPC callers get the code and this status too). */
export const ERROR_STATUS: Readonly<Record<ClassifierErrorCode, ContentfulStatusCode>> = {
  invalid_parameter: 400,
  invalid_request: 400,
  empty_body: 400,
  payload_too_large: 413,
  batch_too_large: 413,
  image_too_large: 413,
  unsupported_media_type: 415,
  invalid_image: 422,
  model_not_found: 404,
  version_not_found: 404,
  model_unavailable: 503,
};
