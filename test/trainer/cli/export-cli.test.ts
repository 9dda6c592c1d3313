import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import '@tensorflow/tfjs-backend-cpu';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/run-cli';
import type { CliResult } from '../../helpers/run-cli';
import { parseManifest } from '../../../shared/artifact';
import { defaultPreprocessSpec } from '../../../shared/preprocess';
import { writeFloatModel } from '../../../trainer/export/write-float-model';

const input = { height: 28, width: 28, channels: 1 as const };
let dir = '';

function exportCli(args: string[]): Promise<CliResult> {
  return runCli('export', ['--backend', 'cpu', '--test-limit', '300', ...args]);
}

beforeAll(async () => {
  await tf.setBackend('cpu');
  dir = await mkdtemp(join(tmpdir(), 'edgefuse-export-cli-'));
  // A linear MNIST classifier with one huge weight on pixel (0, 0), which is dark in every MNIST
  // image: harmless in float32, ruinous for per-tensor uint8.
  const model = tfl.sequential();
  model.add(tfl.layers.flatten({ inputShape: [28, 28, 1] }));
  model.add(tfl.layers.dense({ units: 10, kernelInitializer: tfl.initializers.randomNormal({ stddev: 0.1, seed: 3 }) }));
  const [kernel, bias] = model.layers[1]?.getWeights() ?? [];
  if (kernel === undefined || bias === undefined) throw new Error('dense layer has no weights');
  const values = kernel.arraySync() as number[][];
  (values[0] as number[])[0] = 1e4;
  model.layers[1]?.setWeights([tf.tensor2d(values), bias]);
  const labels = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];
  await writeFloatModel(
    model,
    { name: 'hostile', version: '1', labels, input, preprocessing: defaultPreprocessSpec(input), metrics: {}, training: { data: 'mnist' } },
    join(dir, 'run', 'float'),
  );
  model.dispose();
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('npm run export (CLI)', () => {
  it('should refuse uint8 in one line with exit 2 and write nothing', async () => {
    const result = await exportCli(['--from', join(dir, 'run'), '--out', join(dir, 'u8'), '--quantize', 'uint8']);
    expect(result.code).toBe(2);
    expect(result.stderr.split('\n').filter((line) => line.startsWith('export:'))).toHaveLength(1);
    expect(result.stderr).toMatch(/export: uint8 export refused: top-1 agreement with the float model is \d+\.\d\d% on mnist\/test \(300 examples\), below 99\.50%/);
    expect((await readdir(dir)).sort()).toEqual(['run']);
  });

  it('should fall back with --quantize auto and say why in the manifest', async () => {
    const out = join(dir, 'auto');
    const result = await exportCli(['--from', join(dir, 'run'), '--out', out, '--quantize', 'auto']);
    expect(result.code, result.stderr).toBe(0);
    const manifest = parseManifest(JSON.parse(await readFile(join(out, 'manifest.json'), 'utf8')));
    expect(manifest.quantization?.tried?.[0]).toMatchObject({ format: 'uint8', accepted: false });
    expect(manifest.quantization?.format).not.toBe('uint8');
    expect(manifest.quantization?.reason).toContain(`auto: ${manifest.quantization?.format} is the smallest format`);
    expect(manifest.evaluation).toMatchObject({ dataset: 'mnist', split: 'test', examples: 300 });
    expect(manifest.evaluation?.perClassAccuracy).toHaveLength(10);
    expect(result.stdout).toContain(`exported ${out} from ${join(dir, 'run', 'float')}: ${manifest.quantization?.format}`);

    // A quantized artifact is not a float source.
    const again = await exportCli(['--from', join(dir, 'u8-allowed'), '--out', join(dir, 'x')]);
    expect(again.stderr).toMatch(/^export: cannot read artifact directory/m);
    const allowed = await exportCli(['--from', join(dir, 'run'), '--out', join(dir, 'u8-allowed'), '--quantize', 'uint8', '--allow-accuracy-drop']);
    expect(allowed.code, allowed.stderr).toBe(0);
    const requantize = await exportCli(['--from', join(dir, 'u8-allowed'), '--out', join(dir, 'x')]);
    expect(requantize.code).toBe(2);
    expect(requantize.stderr).toMatch(/export: .*u8-allowed holds uint8-quantized weights; re-export from its float source/);
  });

  it('should refuse a bad --quantize value naming the choices', async () => {
    const result = await exportCli(['--from', join(dir, 'run'), '--out', join(dir, 'y'), '--quantize', 'int4']);
    expect([result.code, result.stderr]).toEqual([2, 'export: --quantize: expected one of uint8 | uint16 | float16 | none | auto, got "int4"\n']);
  });
});
