import { RequestError } from '../errors';

/** How many ranked labels an answer has when the request does not say. */
export const DEFAULT_TOP_K = 5;

/**
 * The `k` of one request: `?top_k=` or the JSON body's (or RPC input's) `top_k` (not both), else
 * the default, capped by the model's label count. Out of 1..labelCount → `invalid_parameter`.
 */
export function parseTopK(query: string | undefined, body: number | undefined, labelCount: number): number {
  if (query !== undefined && body !== undefined) {
    throw new RequestError('invalid_parameter', 'give top_k in the query or in the JSON body, not both');
  }
  const raw = query ?? body;
  if (raw === undefined) return Math.min(DEFAULT_TOP_K, labelCount);
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > labelCount) {
    throw new RequestError('invalid_parameter', `top_k must be an integer from 1 to ${labelCount}, got "${raw}"`);
  }
  return value;
}
