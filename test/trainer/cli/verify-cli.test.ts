import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { mkdtemp, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/run-cli';
import type { CliResult } from '../../helpers/run-cli';
import { defaultPreprocessSpec } from '../../../shared/preprocess';
import { writeArtifact } from '../../../trainer/export/write-artifact';
import { createModel } from '../../../trainer/model/create-model';

const input = { height: 28, width: 28, channels: 1 as const };
let dir = '';

function verify(args: string[]): Promise<CliResult> {
  return runCli('verify', args);
}

async function freshArtifact(name: string): Promise<string> {
  const model = createModel({ architecture: 'cnn-small', input, numClasses: 10, seed: 1 });
  const out = join(dir, name);
  const description = { name: 'digits', version: '1', labels: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'], input, preprocessing: defaultPreprocessSpec(input), metrics: {} };
  await writeArtifact(model, description, out);
  model.dispose();
  return out;
}

beforeAll(async () => {
  await tf.setBackend('cpu');
  dir = await mkdtemp(join(tmpdir(), 'edgefuse-verify-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('npm run verify (CLI)', () => {
  it('should print one OK line with the files and sizes for an intact artifact', async () => {
    const out = await freshArtifact('ok');
    const weights = (await readFile(join(out, 'weights.bin'))).byteLength;
    const result = await verify([out]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`^OK ${out}: digits v1, weights none; model\\.json [\\d.]+ KB, weights\\.bin ${(weights / 1024).toFixed(1)} KB, manifest\\.json [\\d.]+ KB \\(total [\\d.]+ KB, sha256 verified\\)\\n$`));
  });

  it('should exit 2 with one line for a tampered weights file', async () => {
    const out = await freshArtifact('tampered');
    const weights = await readFile(join(out, 'weights.bin'));
    weights[100] = (weights[100] ?? 0) ^ 0x01;
    await writeFile(join(out, 'weights.bin'), weights);
    const result = await verify([out]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(new RegExp(`^verify: ${out}: artifact file weights\\.bin sha256 is [0-9a-f]{64}, manifest says [0-9a-f]{64}\\n$`));
  });

  it('should exit 2 naming a truncated file, a missing manifest and a missing directory', async () => {
    const out = await freshArtifact('truncated');
    await truncate(join(out, 'weights.bin'), 1000);
    expect((await verify([out])).stderr).toMatch(/^verify: .*: artifact file weights\.bin has 1000 bytes, manifest says \d+\n$/);
    await rm(join(out, 'manifest.json'));
    const noManifest = await verify([out]);
    expect([noManifest.code, noManifest.stderr]).toEqual([2, `verify: ${out}: manifest.json is missing\n`]);
    const missing = await verify([join(dir, 'nope')]);
    expect([missing.code, missing.stderr]).toEqual([2, `verify: cannot read artifact directory ${join(dir, 'nope')}: ENOENT\n`]);
  });
});
