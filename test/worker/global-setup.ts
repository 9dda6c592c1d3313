// Runs in Node before the workerd tests: reads fixtures from disk and trains + exports a tiny
// model, then hands everything to the tests through `provide` (workerd has no file system).
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { resolveTrainConfig } from '../../trainer/config/train-config';
import { runTraining } from '../../trainer/run-training';
import { predictFiles } from '../../trainer/predict/predict-files';
import type { ProvidedDigit, ProvidedFile } from './provided-context';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures');

async function readDir(dir: string): Promise<ProvidedFile[]> {
  const names = (await readdir(dir)).sort();
  return Promise.all(names.map(async (name) => ({ name, base64: (await readFile(join(dir, name))).toString('base64') })));
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const index = JSON.parse(await readFile(join(FIXTURES, 'digits', 'index.json'), 'utf8')) as { file: string; label: number }[];
  const digits: ProvidedDigit[] = await Promise.all(
    index.map(async ({ file, label }) => ({
      name: file,
      label,
      base64: (await readFile(join(FIXTURES, 'digits', file))).toString('base64'),
    })),
  );
  project.provide('digits', digits);
  project.provide('oddImages', await readDir(join(FIXTURES, 'odd')));

  const out = await mkdtemp(join(tmpdir(), 'edgefuse-tiny-'));
  const artifactDir = join(out, 'tiny');
  await runTraining(
    resolveTrainConfig({
      out: artifactDir, runDir: join(out, 'run'), name: 'tiny', version: 'test', seed: 7, epochs: 1, batchSize: 32,
      maxSteps: 6, trainLimit: 192, testLimit: 64, warmupSteps: 0, progress: false,
      // uint8, as the default export: workerd must serve quantized weights exactly as Node does.
      quantize: 'uint8', allowAccuracyDrop: true,
    }),
  );
  const predictions = await predictFiles(artifactDir, digits.map((digit) => join(FIXTURES, 'digits', digit.name)));
  project.provide('tinyArtifact', {
    files: (await readDir(artifactDir)).filter((file) => file.name !== 'report.json'),
    nodeTop1: predictions.map((prediction) => prediction.scores.indexOf(Math.max(...prediction.scores))),
    nodeScores: predictions.map((prediction) => prediction.scores),
  });
  return () => rm(out, { recursive: true, force: true });
}
