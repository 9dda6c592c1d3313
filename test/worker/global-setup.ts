// Runs in Node before the workerd tests: reads fixtures from disk and trains + exports a tiny
// model, then hands everything to the tests through `provide` (workerd has no file system).
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { resolveTrainConfig } from '../../trainer/config/train-config';
import { runTraining } from '../../trainer/run-training';
import { predictFiles } from '../../trainer/predict/predict-files';
import { QUANTIZATION_FORMATS } from '../../shared/artifact';
import { loadMnist } from '../../trainer/data/load-mnist';
import { describeFromManifest } from '../../trainer/export/describe-from-manifest';
import { loadFloatSource } from '../../trainer/export/load-float-source';
import { writeArtifact } from '../../trainer/export/write-artifact';
import { makeShapesFolder } from '../helpers/make-shapes-folder';
import { prepareBackboneModel, prepareImportedModels } from '../helpers/prepare-imported-models';
import type { ProvidedDigit, ProvidedFile, ProvidedQuantizedArtifact } from './provided-context';

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

  // The same float model re-exported in every weight format, each with Node's own scores.
  const source = await loadFloatSource(join(out, 'run'));
  const mnistTest = await loadMnist({ trainLimit: 1, testLimit: 64 });
  const quantized: ProvidedQuantizedArtifact[] = [];
  for (const format of QUANTIZATION_FORMATS) {
    const dir = join(out, `tiny-${format}`);
    await writeArtifact(source.model, describeFromManifest(source.manifest), dir, {
      quantize: format,
      allowAccuracyDrop: true,
      parity: { dataset: 'mnist', split: 'test', data: mnistTest.test, preprocessing: mnistTest.preprocessing },
    });
    const scores = await predictFiles(dir, digits.map((digit) => join(FIXTURES, 'digits', digit.name)));
    quantized.push({ format, files: await readDir(dir), nodeScores: scores.map((prediction) => prediction.scores) });
  }
  source.model.dispose();
  project.provide('quantizedArtifacts', quantized);

  // A model trained on an image folder built on the fly (color shapes, PNG + JPEG, odd sizes,
  // unicode labels, one corrupt file), served by the worker from R2 in the tests.
  const shapes = join(out, 'shapes');
  const written = await makeShapesFolder(shapes, { classes: { 'red disc ✓': 'disc', 'green box': 'square', 'blue cross': 'cross' }, perClass: 40, seed: 3, mixFormats: true });
  await writeFile(join(shapes, 'green box', 'corrupt.png'), Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0, 1, 2));
  const shapesDir = join(out, 'shapes-artifact');
  await runTraining(
    resolveTrainConfig({
      data: shapes, model: 'mobilenet-tiny', out: shapesDir, runDir: join(out, 'shapes-run'), cacheDir: join(out, 'cache'),
      name: 'shapes', version: '1', seed: 3, epochs: 6, batchSize: 16, lr: 0.005, warmupSteps: 5, quantize: 'uint8',
      allowAccuracyDrop: true, testSplit: 0.2, valSplit: 0, progress: false,
    }),
  );
  const shapeFiles = Object.values(written).flatMap((files) => files.slice(0, 3));
  const shapeScores = await predictFiles(shapesDir, shapeFiles);
  project.provide('shapesArtifact', {
    files: (await readDir(shapesDir)).filter((file) => file.name !== 'report.json'),
    images: await Promise.all(shapeFiles.map(async (file) => ({ name: file, base64: (await readFile(file)).toString('base64') }))),
    nodeScores: shapeScores.map((prediction) => prediction.scores),
  });

  // Models built and trained "elsewhere" (Keras API, Teachable Machine layout), brought in with
  // `npm run import`'s importLayersModel; see test/worker/imported-model.test.ts.
  const imported = await prepareImportedModels(join(out, 'imported'), digits.map((digit) => join(FIXTURES, 'digits', digit.name)));
  // …and one trained here on the imported Teachable Machine model as its backbone.
  imported.push(await prepareBackboneModel(join(out, 'imported'), join(out, 'imported', 'imported-tm'), shapes, shapeFiles));
  project.provide('importedModels', imported);
  return () => rm(out, { recursive: true, force: true });
}
