/** One line of `telemetry.jsonl`: what happened at one step of the data stream. */
export interface TelemetryRow {
  /** Position in the data stream (0-based); never rewinds, also across rollbacks. */
  step: number;
  epoch: number;
  /** Training loss of the batch (unscaled); null when non-finite. */
  loss: number | null;
  /** Global gradient norm before clipping; null when non-finite. */
  gradNorm: number | null;
  /** Global gradient norm after clipping (equal to `gradNorm` when not clipped). */
  gradNormAfter: number | null;
  /** Clipping threshold in force at this step; null when there is none. */
  clipThreshold: number | null;
  /** Dynamic loss scale; null when loss scaling is off. */
  lossScale: number | null;
  lr: number;
  /** True when no update was applied at this step. */
  skipped: boolean;
  /** On the last step of an epoch: the validation split's loss and accuracy. */
  valLoss?: number;
  valAccuracy?: number;
  /**
   * What happened, when anything did; several events are separated by spaces: `inject:<spec>`,
   * `skip:nonfinite`, `overflow`, `clip`, `rollback:restore@<step>,resume@<step>`.
   */
  event?: string;
}
