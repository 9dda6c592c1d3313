import * as tf from '@tensorflow/tfjs-core';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ArtifactManifest } from '../shared/artifact';
import { backboneDataConfig, checkBackboneFlags } from './backbone/backbone-data-config';
import { buildBackboneModel } from './backbone/build-backbone-model';
import type { BackboneModel } from './backbone/build-backbone-model';
import { loadBackbone } from './backbone/load-backbone';
import { resolveBackend } from './backends/resolve-backend';
import { handOffToWasm } from './backends/webgpu';
import { configHash } from './config/config-hash';
import { ConfigError } from './config/train-config';
import type { TrainConfig } from './config/train-config';
import { confusionMatrix } from './data/confusion-matrix';
import type { Dataset } from './data/dataset';
import { parseAugment } from './data/create-augmenter';
import { loadDataset } from './data/load-dataset';
import type { PrepareProgress } from './data/load-idx-dir';
import { assertArtifactTarget } from './export/assert-artifact-target';
import { writeArtifact } from './export/write-artifact';
import { fineTuneFor } from './export/quantization-aware-fine-tune';
import { FLOAT_MODEL_DIR, writeFloatModel } from './export/write-float-model';
import { createJsonlWriter } from './io/create-jsonl-writer';
import { writeRunRecord } from './io/run-record';
import { writeFileAtomic } from './io/write-file-atomic';
import { countParameters, createModel } from './model/create-model';
import type { TrainReport } from './report/train-report';
import { writeReportHtml } from './report/write-report-html';
import { countNonFinite } from './train/count-non-finite';
import { evaluate } from './train/evaluate';
import type { TelemetryRow } from './train/telemetry-row';
import { trainLoop } from './train/train-loop';
import type { TrainOptions } from './train/train-loop';
import type { TrainHooks } from './train/train-loop';

export interface RunTrainingHooks extends TrainHooks {
  onPrepare?: PrepareProgress;
  onBackend?: (name: string, reason: string) => void;
  onEvaluate?: () => void;
  /** The float model is saved; the parity gate and export start. */
  onExport?: () => void;
  /** The dataset is ready (cache hit or not, files skipped). */
  onDataset?: (dataset: Dataset) => void;
  /** The backbone is loaded and cut, and the new head is on it (`--backbone` only). */
  onBackbone?: (description: BackboneModel['description']) => void;
  /** Before any work: where the reports and checkpoints (created once the data loads) and the artifact go. */
  onRun?: (run: { runDir: string; out: string }) => void;
}

/** What a finished run produced. */
export interface RunTrainingResult {
  /** The exported artifact's manifest; null when the weights were not finite (nothing exported). */
  manifest: ArtifactManifest | null;
  report: TrainReport;
}

/** The validation accuracy at each epoch end, for the report's evaluation chart. */
function evaluationsOf(rows: readonly TelemetryRow[]): { step: number; accuracy: number }[] {
  return rows.flatMap((row) => (row.valAccuracy === undefined ? [] : [{ step: row.step, accuracy: row.valAccuracy }]));
}

/** Telemetry events that start with `prefix`. */
function countEvents(rows: readonly TelemetryRow[], prefix: string): number {
  return rows.reduce((total, row) => total + (row.event?.split(' ').filter((event) => event.startsWith(prefix)).length ?? 0), 0);
}

/** `runs/<name>-<UTC time>` unless the config names a run directory. */
function runDirOf(config: TrainConfig): string {
  if (config.runDir !== '') return config.runDir;
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\..*/, '');
  return join('runs', `${config.name}-${stamp}`);
}

/**
 * The whole job: pick the backend, prepare the data through `shared/preprocess`, build and train
 * the model (fuses included), evaluate it on the test split, and write the artifact to
 * `config.out` and `report.json`, `report.html`, `telemetry.jsonl` to the run directory.
 * A model whose weights are not finite is reported but never exported.
 */
export async function runTraining(
  config: TrainConfig,
  hooks: RunTrainingHooks = {},
  options: Pick<TrainOptions, 'resume' | 'stopRequested'> = {},
): Promise<RunTrainingResult> {
  const started = performance.now();
  parseAugment(config.augment); // fail on a bad --augment before any work
  checkBackboneFlags(config);
  await assertArtifactTarget(config.out); // and on an --out the export would destroy
  const runDir = runDirOf(config);
  hooks.onRun?.({ runDir, out: config.out }); // printed before any work; created once the data loads
  const telemetryPath = join(runDir, 'telemetry.jsonl');
  // On resume, keep the telemetry of the steps before the checkpoint (later ones run again).
  const resumeStep = options.resume?.state.stream.step;
  const earlierRows: TelemetryRow[] =
    resumeStep === undefined
      ? []
      : (await readFile(telemetryPath, 'utf8').catch(() => ''))
          .split('\n')
          .filter(Boolean)
          .map((line) => JSON.parse(line) as TelemetryRow)
          .filter((row) => row.step < resumeStep);
  const backend = await resolveBackend(config.backend, { gpu: true });
  hooks.onBackend?.(backend.name, backend.reason);

  const backbone = config.backbone === '' ? undefined : await loadBackbone(config.backbone);
  const loaded = await loadDataset(backbone ? backboneDataConfig(config, backbone) : config, hooks.onPrepare);
  // On a backbone, images are normalized the way its weights were trained (and served that way).
  const dataset = backbone ? { ...loaded, preprocessing: backbone.preprocessing } : loaded;
  hooks.onDataset?.(dataset);
  if (config.earlyStop > 0 && (dataset.validation?.count ?? 0) === 0) {
    throw new ConfigError(`invalid value for "earlyStop": --early-stop ${config.earlyStop} needs a validation split, and --val-split is ${config.valSplit}`);
  }
  const numClasses = dataset.labels.length;
  const transfer = backbone
    ? buildBackboneModel(backbone, { layer: config.backboneLayer || undefined, numClasses, seed: config.seed, dropout: config.dropout, fineTuneLayers: config.fineTuneLayers })
    : undefined;
  if (transfer) hooks.onBackbone?.(transfer.description);
  const model = transfer?.model ?? createModel({ architecture: config.model, input: dataset.input, numClasses, seed: config.seed, dropout: config.dropout, width: config.width });
  const fineTune = transfer && config.fineTuneLayers > 0 ? { weights: transfer.fineTuned, afterStep: config.fineTuneAfter, lrScale: config.fineTuneLrScale } : undefined;
  const telemetry: TelemetryRow[] = [...earlierRows];
  await mkdir(runDir, { recursive: true }); // only now: a bad --data or --backbone leaves no run directory
  await writeRunRecord({ runDir, out: config.out, name: config.name, startedAt: new Date().toISOString() });
  const telemetryFile = createJsonlWriter<TelemetryRow>(telemetryPath);
  for (const row of earlierRows) telemetryFile.write(row);
  try {
    const checkpoints = config.checkpointEvery > 0 ? { dir: join(runDir, 'checkpoints'), every: config.checkpointEvery, keep: config.checkpointKeep } : undefined;
    const result = await trainLoop(
      model,
      dataset,
      config,
      {
        ...hooks,
        onTelemetry(row) {
          telemetry.push(row);
          telemetryFile.write(row);
          hooks.onTelemetry?.(row);
        },
        // A long run can be watched: the page is rewritten with the curves so far at every checkpoint.
        async onCheckpoint(dir) {
          await writeReportHtml(join(runDir, 'report.html'), {
            title: `${config.name} v${config.version} (training: ${telemetry.length} steps so far)`,
            summary: { status: 'training', lastCheckpoint: dir, steps: telemetry.length },
            telemetry,
            evaluations: evaluationsOf(telemetry),
          });
          await hooks.onCheckpoint?.(dir);
        },
      },
      { ...options, ...(checkpoints ? { checkpoints } : {}), ...(fineTune ? { fineTune } : {}) },
    ).finally(() => telemetryFile.close());
    // GPU-trained weights are evaluated and exported on wasm, as the worker serves them.
    if (backend.name === 'webgpu') {
      await handOffToWasm(model);
      backend.release();
    }
    hooks.onEvaluate?.();
    const nonFiniteWeights = await countNonFinite(model.trainableWeights.map((weight) => weight.read()));
    const evaluation = await evaluate(model, dataset.test, dataset.preprocessing);
    const description = {
      name: config.name,
      version: config.version,
      labels: dataset.labels,
      input: dataset.input,
      preprocessing: dataset.preprocessing,
      metrics: { testAccuracy: evaluation.accuracy, testExamples: evaluation.count },
      training: { ...config, configHash: configHash(config), steps: result.steps, backend: backend.name, ...(transfer ? { transfer: transfer.description } : {}) },
    };
    // A model with non-finite weights is reported, never exported. Otherwise the float model is
    // kept in the run directory (for re-export) and the artifact goes through the parity gate.
    let manifest: ArtifactManifest | null = null;
    if (nonFiniteWeights === 0) {
      await writeFloatModel(model, description, join(runDir, FLOAT_MODEL_DIR));
      hooks.onExport?.();
      manifest = await writeArtifact(model, description, config.out, {
        quantize: config.quantize,
        minAgreement: config.minAgreement,
        allowAccuracyDrop: config.allowAccuracyDrop,
        parity: { dataset: dataset.name, split: 'test', data: dataset.test, preprocessing: dataset.preprocessing },
        training: { data: dataset.train, preprocessing: dataset.preprocessing, seed: config.seed },
        fineTune: fineTuneFor(result.steps),
      });
    }
    const report: TrainReport = {
      name: config.name,
      version: config.version,
      testAccuracy: evaluation.accuracy,
      testExamples: evaluation.count,
      trainExamples: dataset.train.count,
      validationExamples: dataset.validation?.count ?? 0,
      bestValLoss: result.bestValLoss,
      keptEpoch: result.keptEpoch,
      stoppedEarly: result.stoppedEarly,
      epochs: result.epochs,
      steps: result.steps,
      updates: result.updates,
      samplesPerSecond: result.samplesPerSecond,
      wallSeconds: (performance.now() - started) / 1000,
      trainSeconds: result.trainSeconds,
      backend: backend.name,
      backendReason: backend.reason,
      gpuAdapter: backend.gpuAdapter,
      gpuNote: backend.gpuNote,
      threads: result.threads,
      parameters: countParameters(model),
      finalLoss: result.finalLoss,
      fuses: config.fuses,
      skippedSteps: result.skippedSteps,
      outlierSkips: countEvents(telemetry, 'skip:outlier'),
      outlierTrims: countEvents(telemetry, 'trim:'),
      clippedSteps: result.clippedSteps,
      anomaliesContained: countEvents(telemetry, 'contained@'),
      rollbacks: result.rollbacks,
      rollbackBudget: result.rollbackBudget,
      rollbacksRefused: countEvents(telemetry, 'rollback:refused='),
      nonFiniteWeights,
      config: { ...config },
      runDir,
      artifactDir: manifest ? config.out : null,
      artifactBytes: manifest ? manifest.files.reduce((total, file) => total + file.bytes, 0) : 0,
      createdAt: new Date().toISOString(),
    };
    const reportJson = `${JSON.stringify(report, null, 2)}\n`;
    await writeFileAtomic(join(runDir, 'report.json'), reportJson);
    if (manifest) await writeFileAtomic(join(config.out, 'report.json'), reportJson);
    await writeReportHtml(join(runDir, 'report.html'), {
      title: `${config.name} v${config.version}`,
      summary: {
        testAccuracy: report.testAccuracy, keptEpoch: report.keptEpoch, stoppedEarly: report.stoppedEarly, bestValLoss: report.bestValLoss,
        steps: report.steps, updates: report.updates, epochs: report.epochs,
        samplesPerSecond: Math.round(report.samplesPerSecond), wallSeconds: Math.round(report.wallSeconds * 10) / 10,
        backend: report.backend, threads: report.threads, fuses: report.fuses, skippedSteps: report.skippedSteps, clippedSteps: report.clippedSteps,
        outlierSkips: report.outlierSkips, outlierTrims: report.outlierTrims, anomaliesContained: report.anomaliesContained,
        rollbacks: `${report.rollbacks} of ${report.rollbackBudget}${report.rollbacksRefused > 0 ? ` (budget spent: ${report.rollbacksRefused} more refused)` : ''}`,
        nonFiniteWeights: report.nonFiniteWeights, parameters: report.parameters,
        artifactDir: report.artifactDir, inject: config.inject.join(' ') || null,
      },
      telemetry,
      evaluations: evaluationsOf(telemetry),
      confusion: { labels: dataset.labels, counts: confusionMatrix(dataset.test.targets, evaluation.predictions, dataset.labels.length) },
    });
    return { manifest, report };
  } finally {
    model.dispose();
    tf.disposeVariables();
    backend.release();
  }
}
