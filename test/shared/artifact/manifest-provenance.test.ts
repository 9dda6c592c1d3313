import { describe, expect, it } from 'vitest';
import { parseManifest } from '../../../shared/artifact';

function trainedManifest(): Record<string, unknown> {
  return {
    formatVersion: 1,
    name: 'pets',
    version: '1',
    labels: ['cat', 'dog'],
    input: { height: 32, width: 32, channels: 3 },
    preprocessing: { alphaBackground: 'black', antialias: true, mean: [0.5, 0.5, 0.5], std: [0.5, 0.5, 0.5] },
    output: 'probabilities',
    metrics: {},
    createdAt: '2026-11-28T06:00:00.000Z',
    files: [{ path: 'model.json', bytes: 10, sha256: 'a'.repeat(64) }],
  };
}

function provenance(): Record<string, unknown> {
  return {
    format: 'layers-model',
    importedFrom: 'exports/pets',
    importedAt: '2026-11-28T06:00:00.000Z',
    generatedBy: 'keras v2.15.0',
    convertedBy: 'TensorFlow.js Converter v4.22.0',
    files: [{ path: 'group1-shard1of1.bin', bytes: 4, sha256: 'b'.repeat(64) }],
    preprocessingFrom: '--scale symmetric',
    outputFrom: 'softmax activation of layer "dense_1"',
    labelsFrom: '--labels',
  };
}

describe('parseManifest: source and provenance', () => {
  it('should read a manifest without source as before (older manifests still parse)', () => {
    const manifest = parseManifest(trainedManifest());
    expect(manifest.source).toBeUndefined();
    expect(manifest.provenance).toBeUndefined();
  });

  it('should keep source "imported" and the provenance fields', () => {
    const manifest = parseManifest({ ...trainedManifest(), source: 'imported', provenance: provenance() });
    expect(manifest.source).toBe('imported');
    expect(manifest.provenance?.files[0]?.path).toBe('group1-shard1of1.bin');
    expect(manifest.provenance?.outputFrom).toBe('softmax activation of layer "dense_1"');
  });

  it('should refuse an imported manifest without provenance, and an unknown source', () => {
    expect(() => parseManifest({ ...trainedManifest(), source: 'imported' })).toThrow(
      'invalid manifest: source "imported" needs provenance (where the model came from)',
    );
    expect(() => parseManifest({ ...trainedManifest(), source: 'downloaded' })).toThrow(/at source/);
  });

  it('should refuse provenance whose file entries are not relative paths with a sha256', () => {
    const bad = { ...provenance(), files: [{ path: '/etc/passwd', bytes: 1, sha256: 'c'.repeat(64) }] };
    expect(() => parseManifest({ ...trainedManifest(), source: 'imported', provenance: bad })).toThrow(/provenance\.files\.0\.path/);
  });
});
