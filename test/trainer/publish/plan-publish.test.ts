import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ArtifactError, parseManifest } from '../../../shared/artifact';
import { readArtifactDir } from '../../../trainer/predict/read-artifact-dir';
import { planPublish } from '../../../trainer/publish/plan-publish';
import { wranglerR2PutArgs } from '../../../trainer/publish/wrangler-r2-put-args';

const MNIST = join(import.meta.dirname, '..', '..', '..', 'models', 'mnist');

describe('planPublish', () => {
  it('should upload the listed files, then the manifest, then the pointer when activating', async () => {
    const plan = await planPublish(await readArtifactDir(MNIST), { activate: true });
    expect(plan).toMatchObject({ name: 'mnist', version: '1' });
    expect(plan.objects.map((object) => object.key)).toEqual([
      'models/mnist/1/model.json',
      'models/mnist/1/weights.bin',
      'models/mnist/1/manifest.json',
      'models/mnist/current.json',
    ]);
    expect(new TextDecoder().decode(plan.objects[3]?.bytes)).toBe('{"version":"1"}\n');
  });

  it('should rewrite the manifest version for --version and leave the pointer out without --activate', async () => {
    const plan = await planPublish(await readArtifactDir(MNIST), { version: '2', activate: false });
    const manifestObject = plan.objects.find((object) => object.key === 'models/mnist/2/manifest.json');
    const manifest = parseManifest(JSON.parse(new TextDecoder().decode(manifestObject?.bytes)));
    expect(manifest.version).toBe('2');
    expect(plan.objects.some((object) => object.key.endsWith('current.json'))).toBe(false);
  });

  it('should refuse a tampered artifact and an unusable version', async () => {
    const source = await readArtifactDir(MNIST);
    await expect(planPublish(source, { version: '../x', activate: false })).rejects.toThrow(ArtifactError);
    const files = new Map(source.files);
    const weights = files.get('weights.bin')?.slice() ?? new Uint8Array();
    weights[0] = (weights[0] ?? 0) ^ 0xff;
    files.set('weights.bin', weights);
    await expect(planPublish({ origin: 'tampered', files }, { activate: true })).rejects.toThrow(/weights\.bin sha256/);
  });
});

describe('wranglerR2PutArgs', () => {
  it('should target the local bucket unless told remote', () => {
    expect(wranglerR2PutArgs('b', 'models/m/1/x', '/tmp/f', 'application/json', 'local')).toEqual([
      'r2', 'object', 'put', 'b/models/m/1/x', '--file', '/tmp/f', '--content-type', 'application/json', '--local',
    ]);
    expect(wranglerR2PutArgs('b', 'k', 'f', 't', 'remote').at(-1)).toBe('--remote');
  });
});
