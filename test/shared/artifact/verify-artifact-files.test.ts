import { describe, expect, it } from 'vitest';
import { parseManifest, sha256Hex, verifyArtifactFiles } from '../../../shared/artifact';

const encoder = new TextEncoder();

async function fixture() {
  const model = encoder.encode('{"modelTopology":{}}');
  const weights = new Uint8Array([1, 2, 3, 4]);
  const manifest = parseManifest({
    formatVersion: 1, name: 'm', version: '1', labels: ['a', 'b'],
    input: { height: 2, width: 2, channels: 1 },
    preprocessing: { alphaBackground: 'black', antialias: true, mean: [0], std: [1] },
    output: 'logits', metrics: {}, createdAt: '2026-11-28T06:00:00.000Z',
    files: [
      { path: 'model.json', bytes: model.byteLength, sha256: await sha256Hex(model) },
      { path: 'weights.bin', bytes: weights.byteLength, sha256: await sha256Hex(weights) },
    ],
  });
  return { manifest, files: new Map([['model.json', model], ['weights.bin', weights]]) };
}

describe('sha256Hex', () => {
  it('should match the FIPS 180-2 test vector for "abc"', async () => {
    expect(await sha256Hex(encoder.encode('abc'))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});

describe('verifyArtifactFiles', () => {
  it('should pass intact files', async () => {
    const { manifest, files } = await fixture();
    await expect(verifyArtifactFiles(manifest, files)).resolves.toBeUndefined();
  });

  it('should name a tampered file', async () => {
    const { manifest, files } = await fixture();
    files.set('weights.bin', new Uint8Array([1, 2, 3, 5]));
    await expect(verifyArtifactFiles(manifest, files)).rejects.toThrow(/weights\.bin sha256 is [0-9a-f]{64}, manifest says/);
  });

  it('should name a truncated or missing file', async () => {
    const { manifest, files } = await fixture();
    files.set('weights.bin', new Uint8Array([1, 2, 3]));
    await expect(verifyArtifactFiles(manifest, files)).rejects.toThrow('artifact file weights.bin has 3 bytes, manifest says 4');
    files.delete('model.json');
    await expect(verifyArtifactFiles(manifest, files)).rejects.toThrow('artifact file model.json is missing');
  });
});
