import * as tf from '@tensorflow/tfjs-core';
import { join } from 'node:path';
import { resolveBackend } from './backends/resolve-backend';
import { configHash } from './config/config-hash';
import type { TrainConfig } from './config/train-config';
import { loadMnist } from './data/load-mnist';
import type { PrepareProgress } from './data/load-mnist';
import { writeArtifact } from './export/write-artifact';
import { writeFileAtomic } from './io/write-file-atomic';
import { countParameters, createModel } from './model/create-model';
import type { TrainReport } from './report/train-report';
import { evaluate } from './train/evaluate';
import { trainLoop } from './train/train-loop';
import type { TrainHooks } from './train/train-loop';
import type { ArtifactManifest } from '../shared/artifact';

export interface RunTrainingHooks extends TrainHooks {
  onPrepare?: PrepareProgress;
  onBackend?: (name: string, reason: string) => void;
  onEvaluate?: () => void;
}

/** What a finished run produced. */
export interface RunTrainingResult {
  manifest: ArtifactManifest;
  report: TrainReport;
}

/**
 * The whole job: pick the backend, prepare the data through `shared/preprocess`, build and train
 * the model, evaluate it on the test split, and write the artifact + `report.json` to `config.out`.
 */
export async function runTraining(config: TrainConfig, hooks: RunTrainingHooks = {}): Promise<RunTrainingResult> {
  const started = performance.now();
  const backend = await resolveBackend(config.backend);
  hooks.onBackend?.(backend.name, backend.reason);

  const dataset = await loadMnist({
    trainLimit: config.trainLimit,
    testLimit: config.testLimit,
    ...(hooks.onPrepare ? { onProgress: hooks.onPrepare } : {}),
  });
  const model = createModel({ architecture: config.model, input: dataset.input, numClasses: dataset.labels.length, seed: config.seed });
  try {
    const result = await trainLoop(model, dataset, config, hooks);
    hooks.onEvaluate?.();
    const evaluation = await evaluate(model, dataset.test, dataset.input);
    const training = { ...config, configHash: configHash(config), steps: result.steps, backend: backend.name };
    const manifest = await writeArtifact(
      model,
      {
        name: config.name,
        version: config.version,
        labels: dataset.labels,
        input: dataset.input,
        preprocessing: dataset.preprocessing,
        metrics: { testAccuracy: evaluation.accuracy, testExamples: evaluation.count },
        training,
      },
      config.out,
    );
    const report: TrainReport = {
      name: config.name,
      version: config.version,
      testAccuracy: evaluation.accuracy,
      testExamples: evaluation.count,
      trainExamples: dataset.train.count,
      epochs: result.epochs,
      steps: result.steps,
      samplesPerSecond: result.samplesPerSecond,
      wallSeconds: (performance.now() - started) / 1000,
      trainSeconds: result.trainSeconds,
      backend: backend.name,
      backendReason: backend.reason,
      parameters: countParameters(model),
      finalLoss: result.finalLoss,
      config: { ...config },
      artifactDir: config.out,
      artifactBytes: manifest.files.reduce((total, file) => total + file.bytes, 0),
      createdAt: manifest.createdAt,
    };
    await writeFileAtomic(join(config.out, 'report.json'), `${JSON.stringify(report, null, 2)}\n`);
    return { manifest, report };
  } finally {
    model.dispose();
    tf.disposeVariables();
  }
}
