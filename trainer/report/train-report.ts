/** The machine-readable result of a training run (`report.json`). */
export interface TrainReport {
  name: string;
  version: string;
  testAccuracy: number;
  testExamples: number;
  trainExamples: number;
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
  /** Threads that computed each batch (data-parallel when > 1). */
  threads: number;
  parameters: number;
  finalLoss: number;
  /** Fuses on (any guard active). */
  fuses: boolean;
  skippedSteps: number;
  clippedSteps: number;
  rollbacks: number;
  /** NaN/Infinity values in the final weights (0 for a healthy model). */
  nonFiniteWeights: number;
  config: Record<string, unknown>;
  runDir: string;
  /** Where the artifact went; null when it was not written (non-finite weights). */
  artifactDir: string | null;
  artifactBytes: number;
  createdAt: string;
}
