import { availableParallelism } from 'node:os';
import { describe, expect, it } from 'vitest';
import { resolveThreads } from '../../../trainer/parallel/resolve-threads';
import { shardSizes } from '../../../trainer/parallel/shard-sizes';

describe('shardSizes', () => {
  it('splits a batch into contiguous shards that differ by at most one example', () => {
    expect(shardSizes(64, 2)).toEqual([32, 32]);
    expect(shardSizes(10, 3)).toEqual([4, 3, 3]);
    expect(shardSizes(5, 5)).toEqual([1, 1, 1, 1, 1]);
    for (const [batch, threads] of [[63, 4], [1000, 7], [3, 2]] as const) {
      const sizes = shardSizes(batch, threads);
      expect(sizes.reduce((sum, size) => sum + size, 0)).toBe(batch);
      expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
    }
  });

  it('refuses a thread count below 1', () => {
    expect(() => shardSizes(64, 0)).toThrow(/threads must be a positive integer, got 0/);
  });
});

describe('resolveThreads', () => {
  it('uses one thread per core for 0 on wasm and cpu, and what was asked otherwise', () => {
    const cores = availableParallelism();
    const auto = resolveThreads(0, 'wasm', 4096);
    expect(auto.threads).toBe(Math.min(cores, 8));
    expect(auto.reason).toBe(cores > 8 ? 'one per core, at most 8' : 'one per core');
    expect(resolveThreads(3, 'cpu', 64)).toEqual({ threads: 3, reason: 'requested' });
  });

  it('keeps native backends on one thread and never uses more threads than examples', () => {
    expect(resolveThreads(4, 'tensorflow', 64)).toEqual({ threads: 1, reason: 'the tensorflow backend parallelizes inside its own kernels' });
    expect(resolveThreads(8, 'wasm', 5)).toEqual({ threads: 5, reason: 'at most one per example of a 5-example batch' });
  });
});
