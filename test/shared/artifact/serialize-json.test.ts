import { describe, expect, it } from 'vitest';
import { serializeManifestJson, serializeModelJson } from '../../../shared/artifact';

const decoder = new TextDecoder();

describe('serializeManifestJson / serializeModelJson', () => {
  it('should reproduce the same bytes after a parse round trip (what the bundled worker relies on)', () => {
    const value = { a: [1, 0.1 + 0.2, -3e-8, 1e21], b: { 'ünï': 'x"y' }, c: null };
    const manifestBytes = serializeManifestJson(value);
    expect(serializeManifestJson(JSON.parse(decoder.decode(manifestBytes)))).toEqual(manifestBytes);
    const modelBytes = serializeModelJson(value);
    expect(serializeModelJson(JSON.parse(decoder.decode(modelBytes)))).toEqual(modelBytes);
  });

  it('should pretty-print the manifest with a trailing newline and keep model.json compact', () => {
    expect(decoder.decode(serializeManifestJson({ a: 1 }))).toBe('{\n  "a": 1\n}\n');
    expect(decoder.decode(serializeModelJson({ a: 1 }))).toBe('{"a":1}');
  });
});
