import type { z } from 'zod';

/**
 * Validates a fuse's saved state (e.g. read back from a checkpoint's JSON) against its schema.
 * Throws an `Error` that names the fuse, the field and what was wrong.
 *
 * @example
 * parseFuseState(zclipStateSchema, JSON.parse(text), 'ZClip');
 */
export function parseFuseState<T>(schema: z.ZodType<T>, json: unknown, fuseName: string): T {
  const result = schema.safeParse(json);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue === undefined ? '(root)' : issue.path.join('.') || '(root)';
  const message = issue?.message ?? 'invalid';
  throw new Error(`${fuseName}: invalid saved state at "${field}": ${message}`);
}
