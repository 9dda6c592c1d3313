import { describe, expect, it } from 'vitest';
import { ArtifactError, parseManifest } from '../../../shared/artifact';

function validManifest(): Record<string, unknown> {
  return {
    formatVersion: 1,
    name: 'mnist',
    version: '1',
    labels: ['0', '1'],
    input: { height: 28, width: 28, channels: 1 },
    preprocessing: { alphaBackground: 'black', antialias: true, mean: [0], std: [1] },
    output: 'logits',
    metrics: { testAccuracy: 0.99 },
    createdAt: '2026-11-28T06:00:00.000Z',
    files: [{ path: 'model.json', bytes: 10, sha256: 'a'.repeat(64) }],
  };
}

describe('parseManifest', () => {
  it('should accept a valid manifest and return its fields', () => {
    const manifest = parseManifest(validManifest());
    expect(manifest.name).toBe('mnist');
    expect(manifest.input).toEqual({ height: 28, width: 28, channels: 1 });
  });

  it('should refuse an unknown formatVersion naming expected and actual', () => {
    expect(() => parseManifest({ ...validManifest(), formatVersion: 2 })).toThrow(
      'unsupported manifest formatVersion: expected 1, got 2',
    );
    expect(() => parseManifest({ ...validManifest(), formatVersion: undefined })).toThrow(/expected 1, got undefined/);
  });

  it('should ignore unknown optional fields (forward compatible)', () => {
    const manifest = parseManifest({ ...validManifest(), futureField: { x: 1 } });
    expect(manifest).not.toHaveProperty('futureField');
  });

  it('should name the field that is wrong', () => {
    expect(() => parseManifest({ ...validManifest(), labels: ['only-one'] })).toThrow(/at labels/);
    expect(() => parseManifest({ ...validManifest(), input: { height: 0, width: 28, channels: 1 } })).toThrow(/input\.height/);
  });

  it('should refuse mean/std that do not match the channel count', () => {
    const manifest = validManifest();
    manifest.preprocessing = { alphaBackground: 'black', antialias: true, mean: [0, 0, 0], std: [1, 1, 1] };
    expect(() => parseManifest(manifest)).toThrow(/need 1 values/);
  });

  it('should refuse a manifest without model.json and non-objects', () => {
    expect(() => parseManifest({ ...validManifest(), files: [{ path: 'w.bin', bytes: 1, sha256: 'b'.repeat(64) }] })).toThrow(
      /must list model\.json/,
    );
    expect(() => parseManifest([])).toThrow(ArtifactError);
    expect(() => parseManifest(null)).toThrow(/JSON object/);
  });
});

describe('parseManifest (quantization and evaluation)', () => {
  const quantization = {
    format: 'uint16',
    requested: 'auto',
    reason: 'auto: uint16 is the smallest format that passed',
    minAgreement: 0.995,
    tried: [
      { format: 'uint8', agreement: 0.9, accuracy: 0.8, weightBytes: 100, accepted: false },
      { format: 'uint16', agreement: 0.999, accuracy: 0.98, weightBytes: 200, accepted: true },
    ],
  };
  const evaluation = {
    dataset: 'mnist', split: 'test', examples: 10, floatAccuracy: 0.9, quantizedAccuracy: 0.8, agreement: 0.9,
    perClassAccuracy: [1, 0.5],
  };

  it('should keep the optional quantization and evaluation records and drop their unknown fields', () => {
    const manifest = parseManifest({ ...validManifest(), quantization: { ...quantization, future: 1 }, evaluation });
    expect(manifest.quantization?.format).toBe('uint16');
    expect(manifest.quantization?.tried?.map((trial) => trial.accepted)).toEqual([false, true]);
    expect(manifest.quantization).not.toHaveProperty('future');
    expect(manifest.evaluation?.perClassAccuracy).toEqual([1, 0.5]);
  });

  it('should refuse an unknown weight format and a per-class list that does not match the labels', () => {
    expect(() => parseManifest({ ...validManifest(), quantization: { ...quantization, format: 'int4' } })).toThrow(/at quantization\.format/);
    expect(() => parseManifest({ ...validManifest(), evaluation: { ...evaluation, perClassAccuracy: [1] } })).toThrow(
      'invalid manifest: evaluation.perClassAccuracy has 1 values, labels has 2',
    );
  });
});
