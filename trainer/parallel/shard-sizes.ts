/**
 * Splits `batchSize` examples into `threads` contiguous shards as evenly as possible (the first
 * `batchSize mod threads` shards get one more). Every shard has at least one example when
 * `threads <= batchSize`.
 *
 * @example
 * shardSizes(64, 2); // [32, 32]
 * shardSizes(10, 3); // [4, 3, 3]
 */
export function shardSizes(batchSize: number, threads: number): number[] {
  if (!Number.isInteger(threads) || threads < 1) throw new RangeError(`threads must be a positive integer, got ${threads}`);
  const base = Math.floor(batchSize / threads);
  const extra = batchSize % threads;
  return Array.from({ length: threads }, (_, index) => base + (index < extra ? 1 : 0));
}
