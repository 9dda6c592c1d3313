import { apiError } from '../http/api-error';
import type { RequestCheck } from './request-check';

/** Options for `checkMediaType`. */
export interface CheckMediaTypeOptions {
  /** Media types (essence only, lowercase) the route reads. */
  accepted: readonly string[];
  /** Extra words for a refused type, e.g. why `image/webp` is not read. */
  explain?: Readonly<Record<string, string>>;
}

/** The essence of a `content-type` header: `multipart/form-data; boundary=x` → `multipart/form-data`. */
export function mediaTypeOf(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

/** Refuses a request whose `content-type` is not accepted with 415 `unsupported_media_type`, listing what is. */
export function checkMediaType(options: CheckMediaTypeOptions): RequestCheck {
  return async function checkAcceptedMediaType(c) {
    const mediaType = mediaTypeOf(c.req.header('content-type'));
    if (!options.accepted.includes(mediaType)) {
      const why = options.explain?.[mediaType];
      throw apiError(
        415,
        'unsupported_media_type',
        `content-type "${mediaType || '(none)'}" is not accepted${why === undefined ? '' : ` (${why})`}; send ${options.accepted.join(', ')}`,
      );
    }
  };
}
