import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeIdx } from '../../helpers/encode-idx';
import { parseIdx } from '../../../trainer/data/parse-idx';
import { mnistDataDir } from '../../../trainer/data/load-mnist';
import { ROOT, runCli } from '../../helpers/run-cli';

let dir = '';

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'edgefuse-eval-'));
  // A small IDX dataset in MNIST's layout: the first 200 MNIST test images as both splits.
  const images = parseIdx(new Uint8Array(await readFile(join(mnistDataDir(), 't10k-images-idx3-ubyte'))), 'images');
  const labels = parseIdx(new Uint8Array(await readFile(join(mnistDataDir(), 't10k-labels-idx1-ubyte'))), 'labels');
  const data = join(dir, 'idx');
  await mkdir(data);
  for (const prefix of ['train', 't10k']) {
    await writeFile(join(data, `${prefix}-images-idx3-ubyte`), encodeIdx([200, 28, 28], images.data.subarray(0, 200 * 784)));
    await writeFile(join(data, `${prefix}-labels-idx1-ubyte`), encodeIdx([200], labels.data.subarray(0, 200)));
  }
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('npm run eval (CLI)', () => {
  it('should score the default model on an IDX directory with per-class metrics, a confusion matrix and the worst examples', async () => {
    const out = join(dir, 'eval');
    const result = await runCli('eval', ['--model', join(ROOT, 'models', 'mnist'), '--data', `idx:${join(dir, 'idx')}`, '--out', out, '--json']);
    expect(result.code, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout) as {
      examples: number; accuracy: number; perClass: { label: string; support: number }[]; confusion: number[][]; worst: { source: string }[];
    };
    expect(report.examples).toBe(200);
    expect(report.accuracy).toBeGreaterThan(0.97);
    expect(report.perClass.map((row) => row.label)).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
    expect(report.perClass.reduce((sum, row) => sum + row.support, 0)).toBe(200);
    const correct = report.confusion.reduce((sum, row, index) => sum + (row[index] ?? 0), 0);
    expect(correct / 200).toBeCloseTo(report.accuracy, 10);
    expect(report.worst.length).toBe(200 - correct);
    const html = await readFile(join(out, 'eval.html'), 'utf8');
    expect(html).toContain('Confusion matrix');
    expect(JSON.parse(await readFile(join(out, 'eval.json'), 'utf8'))).toMatchObject({ examples: 200, accuracy: report.accuracy });
  });

  it('should refuse a dataset whose classes differ from the model, naming both', async () => {
    const result = await runCli('eval', ['--model', join(ROOT, 'models', 'mnist'), '--data', join(ROOT, 'test', 'fixtures'), '--cache-dir', join(dir, 'cache')]);
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
  });
});
