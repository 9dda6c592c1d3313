import { describe, expect, it } from 'vitest';
import { ArtifactError } from '../../shared/artifact';
import { checkedModelArtifact, readModelArtifact } from '../../shared/model/read-model-artifact';
import { startInference } from '../../worker/inference/start-inference';
import { bundledArtifact, bundledModel } from '../../worker/model/bundled-artifact';

describe('the bundled model', () => {
  it('should be, as the worker serves it unchecked, exactly what readModelArtifact checks and reads from its files', async () => {
    const served = bundledModel();
    if (!('artifact' in served)) throw new Error('bundledModel() should carry its checked artifact');
    const read = await readModelArtifact(bundledArtifact());
    expect(served.artifact.manifest).toEqual(read.manifest);
    expect(served.artifact.modelTopology).toEqual(read.modelTopology);
    expect(served.artifact.weightSpecs).toEqual(read.weightSpecs);
    expect(served.artifact.weightBuffers.map((buffer) => [...new Uint8Array(buffer)])).toEqual(read.weightBuffers.map((buffer) => [...new Uint8Array(buffer)]));
    expect(served.artifact.origin).toBe(read.origin);
  });

  it('should keep the bundled weights as bundled when a model is built from them (they are shared, not copied)', async () => {
    const served = bundledModel();
    if (!('artifact' in served)) throw new Error('bundledModel() should carry its checked artifact');
    const before = served.artifact.weightBuffers.map((buffer) => new Uint8Array(buffer).slice());
    const inference = await startInference();
    const first = await inference.servingModelOf(served.artifact);
    const second = await inference.servingModelOf(served.artifact);
    try {
      const pixels = new Float32Array(28 * 28).fill(0.5);
      expect([...first.predict(pixels, 1)]).toEqual([...second.predict(pixels, 1)]);
      expect(served.artifact.weightBuffers.map((buffer) => new Uint8Array(buffer))).toEqual(before);
    } finally {
      first.dispose();
      second.dispose();
    }
  });
});

describe('checkedModelArtifact', () => {
  const manifest = { name: 'm', version: '1' };
  const modelJson = { modelTopology: {}, weightsManifest: [{ paths: ['w.bin'], weights: [{ name: 'k', shape: [2], dtype: 'float32' }] }] };

  it('should still refuse a model.json that is not a layers-model, and a weights file it lacks', () => {
    expect(() => checkedModelArtifact(manifest, { format: 'graph-model' }, new Map(), 'test:m')).toThrow(ArtifactError);
    expect(() => checkedModelArtifact(manifest, modelJson, new Map(), 'test:m')).toThrow(/test:m: weights file w.bin is missing/);
    const artifact = checkedModelArtifact(manifest, modelJson, new Map([['w.bin', new Float32Array([1, 2]).buffer]]), 'test:m');
    expect([...new Float32Array(artifact.weightBuffers[0] ?? new ArrayBuffer(0))]).toEqual([1, 2]);
    expect(artifact.weightSpecs).toEqual(modelJson.weightsManifest[0]?.weights);
  });
});
