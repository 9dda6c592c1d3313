import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, '..', '..');

describe('wrangler deploy --dry-run', () => {
  it('should never import the tfjs umbrella or tfjs-node from worker/ or shared/', async () => {
    const offenders: string[] = [];
    for (const dir of ['worker', 'shared']) {
      for (const file of await readdir(join(ROOT, dir), { recursive: true })) {
        if (!file.endsWith('.ts')) continue;
        const text = await readFile(join(ROOT, dir, file), 'utf8');
        if (/from '@tensorflow\/tfjs(-node(-gpu)?)?'/.test(text)) offenders.push(`${dir}/${file}`);
      }
    }
    expect(offenders).toEqual([]);
  });

  it('should bundle the worker with the default model', async () => {
    const outdir = await mkdtemp(join(tmpdir(), 'edgefuse-bundle-'));
    try {
      const wrangler = join(ROOT, 'node_modules', '.bin', 'wrangler');
      const { stdout } = await run(wrangler, ['deploy', '--dry-run', '--outdir', outdir], { cwd: ROOT, env: { ...process.env, CI: 'true' } });
      // wrangler.toml's [build] command checked the bundled model first (the worker does not again).
      expect(stdout).toMatch(/check-bundled-model: models\/mnist is mnist@\S+ \(\d+ files, sha256 checked\)/);
      const sizes = /Total Upload: ([\d.]+) KiB \/ gzip: ([\d.]+) KiB/.exec(stdout);
      expect(sizes, stdout).not.toBeNull();
      // The whole upload (script + bundled default model), gzip, stays within 600 KiB.
      expect(Number(sizes?.[2])).toBeLessThanOrEqual(600);
      console.info(`upload: ${sizes?.[1]} KiB raw, ${sizes?.[2]} KiB gzip`);
      const files = await readdir(outdir);
      const weights = files.find((file) => file.endsWith('weights.bin'));
      expect(weights, 'the default model weights are bundled').toBeDefined();
      const expectedWeights = await stat(join(ROOT, 'models', 'mnist', 'weights.bin'));
      expect((await stat(join(outdir, weights ?? ''))).size).toBe(expectedWeights.size);
      const code = await readFile(join(outdir, 'index.js'));
      // Recorded for the closing note / BENCHMARKS: raw and gzip size of the script itself.
      console.info(`bundle index.js: ${code.byteLength} bytes raw, ${gzipSync(code).byteLength} bytes gzip`);
    } finally {
      await rm(outdir, { recursive: true, force: true });
    }
  });
});
