import { describe, expect, it } from 'vitest';
import { ensureBackend } from '../../worker/inference/ensure-backend';
import { loadServingModel } from '../../worker/inference/load-serving-model';
import { scoreBatch } from '../../worker/inference/score-batch';
import { createModelCache, estimateModelBytes } from '../../worker/model/model-cache';
import { tinyArtifactFiles } from './seed-models';

function loadTiny(version: string) {
  return () => loadServingModel({ origin: `test:tiny@${version}`, files: tinyArtifactFiles('tiny', version) });
}

describe('createModelCache', () => {
  it('should load each key once and share a concurrent load', async () => {
    await ensureBackend();
    const cache = createModelCache({ budgetBytes: 64 * 1024 * 1024 });
    let loads = 0;
    const load = () => {
      loads += 1;
      return loadTiny('1')();
    };
    const [first, second] = await Promise.all([cache.get('a', load), cache.get('a', load)]);
    expect(first).toBe(second);
    expect(await cache.get('a', load)).toBe(first);
    expect(loads).toBe(1);
  });

  it('should evict (and dispose) the least recently used model past the budget', async () => {
    await ensureBackend();
    const one = await loadTiny('probe')();
    const modelBytes = estimateModelBytes(one);
    one.dispose();
    const cache = createModelCache({ budgetBytes: modelBytes * 2 });
    const a = await cache.get('a', loadTiny('a'));
    const b = await cache.get('b', loadTiny('b'));
    await cache.get('a', loadTiny('a')); // a is now the most recently used
    await cache.get('c', loadTiny('c'));
    expect(cache.stats().keys).toEqual(['a', 'c']);
    expect(cache.stats().bytes).toBe(modelBytes * 2);
    const { height, width, channels } = a.manifest.input;
    const blank = new Float32Array(height * width * channels);
    expect(scoreBatch(a, [blank])[0]).toHaveLength(a.manifest.labels.length); // a's weights are alive
    expect(() => scoreBatch(b, [blank])).toThrow(/disposed/); // b's were freed on eviction
  });

  it('should keep the newest model even when it alone is over the budget, and not cache failures', async () => {
    await ensureBackend();
    const cache = createModelCache({ budgetBytes: 1 });
    await cache.get('a', loadTiny('a'));
    await cache.get('b', loadTiny('b'));
    expect(cache.stats().keys).toEqual(['b']);
    await expect(cache.get('bad', () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await cache.get('bad', loadTiny('ok'))).toBeDefined();
  });
});
