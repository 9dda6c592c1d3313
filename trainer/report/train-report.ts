import type { WebgpuAdapterReport } from '../backends/webgpu/describe-adapter';

/** The machine-readable result of a training run (`report.json`). */
export interface TrainReport {
  name: string;
  version: string;
  testAccuracy: number;
  testExamples: number;
  trainExamples: number;
  /** Held out of the training data; they chose the kept epoch (0: no validation split). */
  validationExamples: number;
  /** The lowest validation loss of the run, null without a validation split. */
  bestValLoss: number | null;
  /** The epoch (1-based) whose weights were exported: the best by validation loss with `--keep best`, else the last. */
  keptEpoch: number;
  /** `--early-stop` ended the run before its planned epochs. */
  stoppedEarly: boolean;
  epochs: number;
  /** Steps of the data stream consumed. */
  steps: number;
  /** Optimizer updates that count (skipped and rolled-back steps excluded). */
  updates: number;
  samplesPerSecond: number;
  /** Seconds from start of the run (data loading included) to the artifact written. */
  wallSeconds: number;
  /** Seconds inside the training loop only. */
  trainSeconds: number;
  backend: string;
  backendReason: string;
  /** The WebGPU adapter that trained (backend webgpu), or the one `auto` found and passed over (software); null when none was found. */
  gpuAdapter: WebgpuAdapterReport | null;
  /** Why the run is not on a WebGPU adapter, when one was looked for; null on webgpu. */
  gpuNote: string | null;
  /** Threads that computed each batch (data-parallel when > 1). */
  threads: number;
  parameters: number;
  finalLoss: number;
  /** Fuses on (any guard active). */
  fuses: boolean;
  skippedSteps: number;
  /** Of `skippedSteps`, those skipped because their loss was an outlier (the rest were non-finite). */
  outlierSkips: number;
  /** Outlier batches trained on the examples that fit the loss baseline instead (flipped labels left out). */
  outlierTrims: number;
  clippedSteps: number;
  /** Anomalies (outliers, non-finite steps) judged harmless by the probe batch: no rollback. */
  anomaliesContained: number;
  rollbacks: number;
  /** Rollbacks the run could spend (0 with rollback off). */
  rollbackBudget: number;
  /** Damage judged after the budget was spent (or with no snapshot): training went on with clipping and skipping. */
  rollbacksRefused: number;
  /** NaN/Infinity values in the final weights (0 for a healthy model). */
  nonFiniteWeights: number;
  config: Record<string, unknown>;
  runDir: string;
  /** Where the artifact went; null when it was not written (non-finite weights). */
  artifactDir: string | null;
  artifactBytes: number;
  createdAt: string;
}
