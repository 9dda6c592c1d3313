import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseManifest } from '../../shared/artifact';
import { resolveTrainConfig } from '../../trainer/config/train-config';
import { runTraining } from '../../trainer/run-training';
import type { StepReport } from '../../trainer/train/train-loop';

let dir = '';

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'edgefuse-run-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function tinyConfig(out: string) {
  return resolveTrainConfig({
    out, runDir: `${out}-run`, backend: 'wasm', seed: 11, epochs: 1, batchSize: 32, trainLimit: 1600, testLimit: 500,
    warmupSteps: 5, lr: 0.003, progress: false,
    threads: 1, // the numbers below must not depend on the machine's core count
  });
}

describe('runTraining (tiny MNIST on wasm)', () => {
  it('should learn, evaluate, and write an artifact plus report.json', async () => {
    const steps: StepReport[] = [];
    const { manifest, report } = await runTraining(tinyConfig(join(dir, 'a')), { onStep: (step) => steps.push(step) });

    expect(steps).toHaveLength(45); // 1600 less 10% for validation = 1440, / 32
    const firstLoss = steps.slice(0, 5).reduce((sum, step) => sum + step.loss, 0) / 5;
    const lastLoss = steps.slice(-5).reduce((sum, step) => sum + step.loss, 0) / 5;
    expect(lastLoss).toBeLessThan(firstLoss * 0.6);

    expect(report.backend).toBe('wasm');
    expect(report.threads).toBe(1);
    expect(report.steps).toBe(45);
    expect(report.testExamples).toBe(500);
    expect(report.testAccuracy).toBeGreaterThan(0.7); // chance is 0.1
    expect(report.samplesPerSecond).toBeGreaterThan(0);
    const onDisk = JSON.parse(await readFile(join(dir, 'a', 'report.json'), 'utf8')) as Record<string, unknown>;
    expect(onDisk).toMatchObject({ testAccuracy: report.testAccuracy, epochs: 1, steps: 45, backend: 'wasm', validationExamples: 160, keptEpoch: 1 });
    expect(onDisk.wallSeconds).toEqual(expect.any(Number));

    const telemetry = (await readFile(join(dir, 'a-run', 'telemetry.jsonl'), 'utf8')).trim().split('\n');
    expect(telemetry).toHaveLength(45);
    expect(JSON.parse(telemetry[44] ?? '{}')).toMatchObject({ step: 44, epoch: 0, skipped: false, valLoss: expect.any(Number), valAccuracy: expect.any(Number) });
    const html = await readFile(join(dir, 'a-run', 'report.html'), 'utf8');
    expect(html).toContain('Confusion matrix');
    expect(JSON.parse(await readFile(join(dir, 'a-run', 'report.json'), 'utf8'))).toEqual(onDisk);

    const written = parseManifest(JSON.parse(await readFile(join(dir, 'a', 'manifest.json'), 'utf8')));
    expect(written).toEqual(manifest);
    expect(written.metrics.testAccuracy).toBe(report.testAccuracy);
  });

  it('should be reproducible: the same seed gives bit-identical weights', async () => {
    await runTraining({ ...tinyConfig(join(dir, 'b')), trainLimit: 320, quantize: 'none' });
    await runTraining({ ...tinyConfig(join(dir, 'c')), trainLimit: 320, quantize: 'none' });
    const [b, c] = await Promise.all(['b', 'c'].map((name) => readFile(join(dir, name, 'weights.bin'))));
    expect(b?.equals(c ?? Buffer.alloc(0))).toBe(true);
  });
});
