/** The machine-readable result of a training run (`report.json`). */
export interface TrainReport {
  name: string;
  version: string;
  testAccuracy: number;
  testExamples: number;
  trainExamples: number;
  epochs: number;
  steps: number;
  samplesPerSecond: number;
  /** Seconds from start of the run (data loading included) to the artifact written. */
  wallSeconds: number;
  /** Seconds inside the training loop only. */
  trainSeconds: number;
  backend: string;
  backendReason: string;
  parameters: number;
  finalLoss: number;
  config: Record<string, unknown>;
  artifactDir: string;
  artifactBytes: number;
  createdAt: string;
}
