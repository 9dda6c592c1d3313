/** Where `wrangler r2 object put` writes. */
export type PublishTarget = 'local' | 'remote';

/** Arguments for one `wrangler r2 object put` of `file` to `bucket/key`. */
export function wranglerR2PutArgs(bucket: string, key: string, file: string, contentType: string, target: PublishTarget): string[] {
  return ['r2', 'object', 'put', `${bucket}/${key}`, '--file', file, '--content-type', contentType, target === 'remote' ? '--remote' : '--local'];
}
