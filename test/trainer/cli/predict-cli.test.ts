import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../../helpers/run-cli';
import type { CliResult } from '../../helpers/run-cli';
import { defaultPreprocessSpec } from '../../../shared/preprocess';
import { writeArtifact } from '../../../trainer/export/write-artifact';
import { createModel } from '../../../trainer/model/create-model';
import { predictFiles } from '../../../trainer/predict/predict-files';

const DIGITS = join(ROOT, 'test', 'fixtures', 'digits');
const input = { height: 28, width: 28, channels: 1 as const };
let dir = '';
let artifact = '';

function predict(args: string[]): Promise<CliResult> {
  return runCli('predict', ['--backend', 'cpu', ...args]);
}

beforeAll(async () => {
  await tf.setBackend('cpu');
  dir = await mkdtemp(join(tmpdir(), 'edgefuse-predict-cli-'));
  artifact = join(dir, 'artifact');
  const model = createModel({ architecture: 'cnn-small', input, numClasses: 10, seed: 8 });
  const labels = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'];
  await writeArtifact(model, { name: 'digits', version: '1', labels, input, preprocessing: defaultPreprocessSpec(input), metrics: {} }, artifact);
  model.dispose();
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('npm run predict (CLI)', () => {
  const files = [join(DIGITS, 'mnist-test-0-label-7.png'), join(DIGITS, 'mnist-test-1-label-2.jpg')];

  it('should print the top-k per file, the same scores predictFiles computes', async () => {
    const expected = await predictFiles(artifact, files);
    const result = await predict(['--model', artifact, '--top-k', '2', '--json', ...files]);
    expect(result.code, result.stderr).toBe(0);
    const parsed = JSON.parse(result.stdout) as { results: { file: string; predictions: { label: string; score: number; index: number }[] }[] };
    expect(parsed.results.map((entry) => entry.file)).toEqual(files);
    parsed.results.forEach((entry, index) => {
      const scores = expected[index]?.scores ?? [];
      const best = scores.indexOf(Math.max(...scores));
      expect(entry.predictions).toHaveLength(2);
      expect(entry.predictions[0]?.index).toBe(best);
      expect(entry.predictions[0]?.score).toBeCloseTo(scores[best] ?? Number.NaN, 5);
    });
    const lines = await predict(['--model', artifact, ...files]);
    expect(lines.stdout.trim().split('\n')).toHaveLength(2);
    expect(lines.stdout).toMatch(new RegExp(`^${files[0]}: \\w+ 0\\.\\d{4} · \\w+ 0\\.\\d{4} · \\w+ 0\\.\\d{4}\\n`));
  });

  it('should fail fast on a bad file with one line naming it and exit 2', async () => {
    const bad = join(ROOT, 'test', 'fixtures', 'odd', 'truncated-mnist-test-0.png');
    const result = await predict(['--model', artifact, files[0] ?? '', bad]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    // (tfjs' cpu backend prints a banner on stderr first; the CLI's own output is one line.)
    const own = result.stderr.split('\n').filter((line) => line.startsWith('predict:'));
    expect(own).toHaveLength(1);
    expect(own[0]).toMatch(new RegExp(`^predict: ${bad}: invalid_image: `));
    expect(result.stderr.endsWith(`${own[0]}\n`)).toBe(true);
    const missing = await predict(['--model', artifact, join(dir, 'nope.png')]);
    expect(missing.stderr.endsWith(`\npredict: ${join(dir, 'nope.png')}: cannot read (ENOENT)\n`)).toBe(true);
  });
});
