import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseManifest } from '../../../shared/artifact';
import { planPublish } from '../../../trainer/publish/plan-publish';
import { readArtifactDir } from '../../../trainer/predict/read-artifact-dir';
import { createKerasCnn } from '../../helpers/imported-models';
import { runCli } from '../../helpers/run-cli';
import type { CliResult } from '../../helpers/run-cli';
import { saveLayersModelDir } from '../../helpers/save-layers-model-dir';

let dir = '';
let shards: string[] = [];
const LABELS = '0,1,2,3,4,5,6,7,8,9';

/** A copy of the good CNN directory with `edit` applied to its model.json. */
async function editedModel(name: string, edit: (modelJson: Record<string, unknown>) => void): Promise<string> {
  const target = join(dir, name);
  await cp(join(dir, 'cnn'), target, { recursive: true });
  const modelJson = JSON.parse(await readFile(join(target, 'model.json'), 'utf8')) as Record<string, unknown>;
  edit(modelJson);
  await writeFile(join(target, 'model.json'), JSON.stringify(modelJson));
  return target;
}

/** Bytes of all the good CNN's shards. */
async function weightBytes(): Promise<number> {
  const sizes = await Promise.all(shards.map(async (name) => (await readFile(join(dir, 'cnn', name))).byteLength));
  return sizes.reduce((total, size) => total + size, 0);
}

/** The layer list of the saved Sequential CNN's topology. */
function layersOf(modelJson: Record<string, unknown>): { class_name: string; config: Record<string, unknown> }[] {
  return ((modelJson.modelTopology as { config: { layers: unknown[] } }).config.layers) as { class_name: string; config: Record<string, unknown> }[];
}

/** Runs `npm run import` into `dir/out-<case>`, expecting one error line, exit `code` and nothing written. */
async function expectRefused(args: string[], message: string | RegExp, code = 2): Promise<CliResult> {
  const before = (await readdir(dir)).sort();
  const out = join(dir, 'refused');
  const result = await runCli('import', [...args, '--out', out]);
  expect(result.code, result.stderr).toBe(code);
  const lines = result.stderr.split('\n').filter((line) => line !== '' && !line.startsWith('backend'));
  expect(lines).toHaveLength(1);
  if (typeof message === 'string') expect(lines[0]).toBe(message);
  else expect(lines[0]).toMatch(message);
  expect(result.stdout).toBe('');
  expect((await readdir(dir)).sort()).toEqual(before); // no artifact, no staging directory
  return result;
}

beforeAll(async () => {
  await tf.setBackend('cpu');
  dir = await mkdtemp(join(tmpdir(), 'edgefuse-import-cli-'));
  const model = createKerasCnn({ seed: 3, softmax: true });
  shards = await saveLayersModelDir(model, join(dir, 'cnn'), { shardBytes: 8192 });
  // One huge weight on pixel (0, 0), dark in every MNIST digit: harmless in float32, ruinous for uint8.
  const dense = model.getLayer('dense');
  const [kernel, bias] = dense.getWeights();
  if (kernel === undefined || bias === undefined) throw new Error('dense has no weights');
  const values = kernel.arraySync() as number[][];
  (values[0] as number[])[0] = 1e4;
  dense.setWeights([tf.tensor2d(values), bias]);
  await saveLayersModelDir(model, join(dir, 'hostile'));
  model.dispose();
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('npm run import (CLI)', () => {
  it('should import with the parity gate on --data and print what it decided', async () => {
    const out = join(dir, 'digits');
    const result = await runCli('import', ['--from', join(dir, 'cnn'), '--out', out, '--labels', LABELS, '--scale', 'unit', '--data', 'mnist', '--test-limit', '100', '--quantize', 'float16']);
    expect(result.code, result.stderr).toBe(0);
    const manifest = parseManifest(JSON.parse(await readFile(join(out, 'manifest.json'), 'utf8')));
    expect(manifest).toMatchObject({ name: 'digits', source: 'imported', output: 'probabilities', quantization: { format: 'float16', requested: 'float16' } });
    expect(manifest.evaluation).toMatchObject({ dataset: 'mnist', split: 'test', examples: 100 });
    expect(manifest.evaluation?.perClassAccuracy).toHaveLength(10);
    expect(result.stdout).toContain(`imported ${join(dir, 'cnn')} as digits v1 → ${out} (float16,`);
    expect(result.stdout).toContain('output probabilities (softmax activation of layer "dense") · 10 labels from --labels');
    expect(result.stdout).toMatch(/agreement \d+\.\d\d% on 100 mnist test images/);
    // Publishable like a trained artifact: verified, every file planned under its name and version.
    const plan = await planPublish(await readArtifactDir(out), { version: '2', activate: true });
    expect(plan.objects.map((object) => object.key)).toEqual([
      'models/digits/2/model.json', 'models/digits/2/weights.bin', 'models/digits/2/manifest.json', 'models/digits/current.json',
    ]);
  });

  it('should refuse a GraphModel and say how to convert instead', async () => {
    const graph = join(dir, 'graph');
    await mkdir(graph);
    await writeFile(join(graph, 'model.json'), JSON.stringify({ format: 'graph-model', modelTopology: { node: [], versions: {} }, weightsManifest: [] }));
    await expectRefused(['--from', graph, '--labels', LABELS, '--scale', 'unit'],
      `import: ${join(graph, 'model.json')} is a tfjs GraphModel, which edgefuse cannot serve or fine-tune: convert the Keras model instead, with tensorflowjs_converter --input_format keras (or keras_saved_model) --output_format tfjs_layers_model`);
  });

  it('should refuse a missing weight shard, naming it', async () => {
    const missing = join(dir, 'missing-shard');
    await cp(join(dir, 'cnn'), missing, { recursive: true });
    expect(shards).toEqual(['group1-shard1of4.bin', 'group1-shard2of4.bin', 'group1-shard3of4.bin', 'group1-shard4of4.bin']);
    await rm(join(missing, 'group1-shard2of4.bin'));
    await expectRefused(['--from', missing, '--labels', LABELS, '--scale', 'unit'],
      `import: ${join(missing, 'model.json')} lists weight file group1-shard2of4.bin, which is missing from ${missing}`);
  });

  it('should refuse a truncated weight shard', async () => {
    const truncated = join(dir, 'truncated-shard');
    await cp(join(dir, 'cnn'), truncated, { recursive: true });
    await truncate(join(truncated, 'group1-shard4of4.bin'), 100);
    await expectRefused(['--from', truncated, '--labels', LABELS, '--scale', 'unit'],
      `import: ${shards.join(', ')} in ${truncated} hold ${3 * 8192 + 100} bytes, but model.json describes ${await weightBytes()} bytes of weights (a shard is truncated, missing or from another model)`);
  });

  it('should refuse --input that disagrees with the model\'s input shape', async () => {
    await expectRefused(['--from', join(dir, 'cnn'), '--labels', LABELS, '--scale', 'unit', '--input', '32x32x1'],
      "import: --input 32x32x1: the model's input is [null, 28, 28, 1], its height is 28, not 32");
  });

  it('should refuse a label count that differs from the outputs', async () => {
    await expectRefused(['--from', join(dir, 'cnn'), '--labels', 'cat,dog,bird', '--scale', 'unit'],
      'import: --labels: 3 labels, but the model has 10 outputs (one label per output, in output order)');
  });

  it('should refuse layers tfjs-layers cannot run (a Keras Lambda)', async () => {
    const lambda = await editedModel('lambda', (modelJson) => {
      layersOf(modelJson).splice(5, 0, { class_name: 'Lambda', config: { name: 'lambda', function: ['4wEAAAAAAAAAAAAAAAAB', null, null] } });
    });
    await expectRefused(['--from', lambda, '--labels', LABELS, '--scale', 'unit'],
      `import: ${join(lambda, 'model.json')} has a layer that tfjs-layers (and so the worker) cannot run: "lambda" (Lambda); Lambda layers hold Python code: rebuild them with built-in Keras layers`);
  });

  it('should refuse a layer configuration tfjs-layers cannot build, with its reason', async () => {
    const elu = await editedModel('elu-alpha', (modelJson) => {
      layersOf(modelJson).splice(3, 0, { class_name: 'ELU', config: { name: 'elu', alpha: 0.5 } });
    });
    await expectRefused(['--from', elu, '--labels', LABELS, '--scale', 'unit'],
      `import: ${join(elu, 'model.json')}: tfjs-layers cannot load it: Non-default alpha value (0.5) is not supported by the ELU layer yet.`);
  });

  it('should refuse a folder without model.json, pointing at the converter for a Keras file', async () => {
    const keras = join(dir, 'keras-file');
    await mkdir(keras);
    await writeFile(join(keras, 'model.h5'), 'HDF');
    await expectRefused(['--from', keras, '--labels', LABELS, '--scale', 'unit'],
      `import: --from ${keras}: no model.json: it holds a Keras file; convert it first with tensorflowjs_converter --input_format keras --output_format tfjs_layers_model`);
  });

  it('should refuse a model whose input convention is not given', async () => {
    await expectRefused(['--from', join(dir, 'cnn'), '--labels', LABELS],
      'import: model.json does not say what pixel range the model expects: pass --scale unit|symmetric|imagenet|raw or --normalize mean,std');
  });

  it('should refuse to quantize without held-out data', async () => {
    await expectRefused(['--from', join(dir, 'cnn'), '--labels', LABELS, '--scale', 'unit', '--quantize', 'uint8'],
      'import: --quantize uint8 needs --data: held-out images for the parity gate (or --quantize none)');
  });

  it('should refuse to replace a directory that is not an artifact', async () => {
    const precious = join(dir, 'precious');
    await mkdir(precious);
    await writeFile(join(precious, 'notes.txt'), 'keep me');
    const result = await runCli('import', ['--from', join(dir, 'cnn'), '--out', precious, '--labels', LABELS, '--scale', 'unit']);
    expect([result.code, result.stderr.trim()]).toEqual([2, `import: --out ${precious} exists and is not an edgefuse artifact (no manifest.json); refusing to replace it`]);
    expect(await readdir(precious)).toEqual(['notes.txt']);
  });

  it('should refuse uint8 when the parity gate fails (exit 4, nothing written)', async () => {
    await expectRefused(['--from', join(dir, 'hostile'), '--labels', LABELS, '--scale', 'unit', '--data', 'mnist', '--test-limit', '200', '--quantize', 'uint8'],
      /^import: export refused: uint8 export refused: top-1 agreement with the float model is \d+\.\d\d% on mnist\/test \(200 examples\), below 99\.50%/, 4);
  });
});
