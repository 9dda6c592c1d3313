import type { ClassifierRpcErrorCode, ClassifierRpcErrorInfo } from './classifier-rpc-types';

/**
 * What a failed `Classifier` RPC call throws. Workers RPC re-creates the error in the caller as
 * an `Error` with the same message and own properties, so the caller reads `code` and `status`
 * (not `instanceof`; see `isClassifierRpcError`).
 */
export class ClassifierRpcError extends Error implements ClassifierRpcErrorInfo {
  override readonly name = 'ClassifierRpcError';
  readonly code: ClassifierRpcErrorCode;
  readonly status: number;

  constructor(info: ClassifierRpcErrorInfo) {
    super(info.message);
    this.code = info.code;
    this.status = info.status;
  }
}

/**
 * Whether an error thrown by a `Classifier` RPC call carries the classifier's `{ code, status }`
 * (a broken binding or an exceeded limit of the runtime does not).
 *
 * @example
 * try {
 *   await env.CLASSIFIER.predict({ images: [bytes] });
 * } catch (error) {
 *   if (isClassifierRpcError(error) && error.code === 'invalid_image') return new Response(error.message, { status: 422 });
 *   throw error;
 * }
 */
export function isClassifierRpcError(error: unknown): error is Error & ClassifierRpcErrorInfo {
  return error instanceof Error && 'code' in error && typeof error.code === 'string' && 'status' in error && typeof error.status === 'number';
}
