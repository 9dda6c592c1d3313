import { describe, expect, it } from 'vitest';
import { modelNameSchema, modelVersionSchema, quantizeModeSchema, versionProblem } from '../../../shared/artifact';
import { parseManifest } from '../../../shared/artifact';
import { resolveTrainConfig } from '../../../trainer/config/train-config';

describe('model contract', () => {
  it('should accept names and versions that are one key segment and refuse the rest', () => {
    expect(modelNameSchema.safeParse('pets-v2.1_b').success).toBe(true);
    for (const name of ['Pets', '-pets', 'a/b', '', 'x'.repeat(65)]) expect(modelNameSchema.safeParse(name).success).toBe(false);
    expect(modelVersionSchema.safeParse('2026-12-01.RC1').success).toBe(true);
    for (const version of ['a/b', '..', '.hidden', '', 'v'.repeat(65)]) expect(modelVersionSchema.safeParse(version).success).toBe(false);
  });

  it('should say what was wrong with a version in one sentence naming the value', () => {
    expect(versionProblem('1')).toBeUndefined();
    expect(versionProblem('a/b')).toBe(
      'invalid value for "version": must be 1–64 letters, digits, ".", "_" or "-", starting with a letter or digit (one bucket key segment: no "/"), got "a/b"',
    );
  });

  it('should be the schema the trainer config and the manifest parser use', () => {
    expect(() => resolveTrainConfig({ version: 'a/b' })).toThrow(versionProblem('a/b'));
    expect(() => resolveTrainConfig({ name: 'My Model' })).toThrow(/invalid value for "name": must be 1–64 lowercase letters/);
    expect(quantizeModeSchema.options).toEqual(['uint8', 'uint16', 'float16', 'none', 'auto']);
    const manifest = {
      formatVersion: 1, name: 'm', version: 'a/b', labels: ['a', 'b'], input: { height: 2, width: 2, channels: 1 },
      preprocessing: { alphaBackground: 'black', antialias: true, mean: [0], std: [1] }, output: 'logits', metrics: {},
      createdAt: '2026-12-01T00:00:00.000Z', files: [{ path: 'model.json', bytes: 1, sha256: '0'.repeat(64) }],
    };
    expect(() => parseManifest(manifest)).toThrow(/invalid manifest at version: must be 1–64 letters/);
    expect(parseManifest({ ...manifest, version: '2' }).version).toBe('2');
  });
});
