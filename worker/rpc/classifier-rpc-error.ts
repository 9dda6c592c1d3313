import type { ClassifierRpcErrorCode, ClassifierRpcErrorInfo } from './classifier-rpc-types';

/**
 * What a failed RPC call throws. Workers RPC re-creates a thrown error in the caller from its
 * name, message (and stack) only, so the code and status travel in the message as a JSON prefix
 * that `parseClassifierRpcError` reads back: `[invalid_image 422] image 0: …`.
 */
export class ClassifierRpcError extends Error implements ClassifierRpcErrorInfo {
  override readonly name = 'ClassifierRpcError';
  readonly code: ClassifierRpcErrorCode;
  readonly status: number;
  /** The message without the `[code status]` prefix. */
  readonly detail: string;

  constructor(info: ClassifierRpcErrorInfo) {
    super(`[${info.code} ${info.status}] ${info.message}`);
    this.code = info.code;
    this.status = info.status;
    this.detail = info.message;
  }
}

const PREFIX = /^\[([a-z_]+) (\d{3})\] ([\s\S]*)$/;

/**
 * The `{ code, message, status }` of an error a `Classifier` RPC call threw, as the caller sees
 * it; `undefined` for an error that did not come from the classifier (a broken binding, say).
 *
 * @example
 * try {
 *   await env.CLASSIFIER.predict({ images: [bytes] });
 * } catch (error) {
 *   const info = parseClassifierRpcError(error);
 *   if (info?.code === 'invalid_image') return new Response(info.message, { status: 422 });
 *   throw error;
 * }
 */
export function parseClassifierRpcError(error: unknown): ClassifierRpcErrorInfo | undefined {
  if (!(error instanceof Error)) return undefined;
  const match = PREFIX.exec(error.message);
  if (match === null) return undefined;
  const [, code, status, message] = match;
  // The regex guarantees all three groups; the code is one of ours only if the classifier wrote it.
  return { code: code as ClassifierRpcErrorCode, status: Number(status), message: message ?? '' };
}
