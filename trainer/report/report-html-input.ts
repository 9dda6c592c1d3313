import type { TelemetryRow } from '../train/telemetry-row';

// The trainer's own `telemetry.jsonl` row type, so the report reads exactly what the loop writes.
export type { TelemetryRow };

/** One fuse or injection event, listed in the report and marked on every chart. */
export interface ReportEvent {
  step: number;
  /** Short category shown in the legend, e.g. `'rollback'`, `'inject'`, `'skip'`. */
  kind: string;
  detail: string;
}

/** An evaluation (test or validation accuracy) taken during training. */
export interface ReportEvaluation {
  step: number;
  /** Fraction in [0, 1]. */
  accuracy: number;
}

/** A confusion matrix: `counts[trueClass][predictedClass]`, square, one row and column per label. */
export interface ConfusionCounts {
  labels: readonly string[];
  counts: readonly (readonly number[])[];
}

/** Everything `renderReportHtml` draws. */
export interface ReportHtmlInput {
  /** Page heading, e.g. `'mnist v1'`. */
  title: string;
  /** `report.json` fields, shown as a key/value table in the given order. */
  summary: Record<string, string | number | boolean | null>;
  /** One row per optimizer step, in step order. */
  telemetry: readonly TelemetryRow[];
  evaluations?: readonly ReportEvaluation[];
  confusion?: ConfusionCounts;
  /** Fuse and injection events; when absent, the telemetry rows' `event` fields are listed instead. */
  events?: readonly ReportEvent[];
}
