import { collectEventMarkers } from './collect-event-markers';
import type { EventMarkerSeries } from './collect-event-markers';
import { downsampleTelemetry, REPORT_MAX_CHART_ROWS } from './downsample-telemetry';
import { listReportEvents } from './list-report-events';
import type { ReportEvaluation, ReportHtmlInput, TelemetryRow } from './report-html-input';

/** Telemetry as uPlot wants it: one array per field, index-aligned with `step`. */
export interface TelemetryColumns {
  step: number[];
  epoch: number[];
  loss: (number | null)[];
  gradNorm: (number | null)[];
  gradNormAfter: (number | null)[];
  clipThreshold: (number | null)[];
  lossScale: (number | null)[];
  lr: number[];
  skipped: boolean[];
  event: (string | null)[];
}

/** The JSON embedded in `report.html` that the page's script draws the charts from. */
export interface ReportChartData {
  /** Displayed rows (after `downsampleTelemetry`). */
  telemetry: TelemetryColumns;
  /** Telemetry rows before downsampling. */
  totalRows: number;
  evaluations: ReportEvaluation[];
  /** Event steps per kind, drawn as vertical markers on every chart. */
  markers: EventMarkerSeries[];
  /** Positive losses span more than two decades, so the loss chart uses a log axis. */
  lossLogScale: boolean;
  /** Same rule for the pre-clip grad norm. */
  gradNormLogScale: boolean;
  /** Same rule for the learning rate (warm-up from ~0, an injected ×100). */
  lrLogScale: boolean;
  hasClipThreshold: boolean;
  hasLossScale: boolean;
}

/** Decades a log axis is worth it for: max / min of the positive values above 10². */
const LOG_SCALE_MIN_DECADES = 2;

/**
 * Everything the charts need, downsampled to `maxRows` (default `REPORT_MAX_CHART_ROWS`) with
 * every marked event step kept (see `downsampleTelemetry`).
 */
export function buildReportChartData(
  input: Pick<ReportHtmlInput, 'telemetry' | 'events' | 'evaluations'>,
  maxRows: number = REPORT_MAX_CHART_ROWS,
): ReportChartData {
  const markers = collectEventMarkers(input.telemetry, listReportEvents(input));
  const rows = downsampleTelemetry(input.telemetry, { maxRows, keepSteps: markers });
  const telemetry = toColumns(rows);
  return {
    telemetry,
    totalRows: input.telemetry.length,
    evaluations: [...(input.evaluations ?? [])].sort((a, b) => a.step - b.step),
    markers,
    lossLogScale: spansDecades(telemetry.loss, LOG_SCALE_MIN_DECADES),
    gradNormLogScale: spansDecades(telemetry.gradNorm, LOG_SCALE_MIN_DECADES),
    lrLogScale: spansDecades(telemetry.lr, LOG_SCALE_MIN_DECADES),
    hasClipThreshold: telemetry.clipThreshold.some((value) => value !== null),
    hasLossScale: telemetry.lossScale.some((value) => value !== null),
  };
}

function toColumns(rows: readonly TelemetryRow[]): TelemetryColumns {
  return {
    step: rows.map((row) => row.step),
    epoch: rows.map((row) => row.epoch),
    loss: rows.map((row) => row.loss),
    gradNorm: rows.map((row) => row.gradNorm),
    gradNormAfter: rows.map((row) => row.gradNormAfter),
    clipThreshold: rows.map((row) => row.clipThreshold),
    lossScale: rows.map((row) => row.lossScale),
    lr: rows.map((row) => row.lr),
    skipped: rows.map((row) => row.skipped),
    event: rows.map((row) => row.event ?? null),
  };
}

function spansDecades(values: readonly (number | null)[], decades: number): boolean {
  let min = Number.POSITIVE_INFINITY;
  let max = 0;
  for (const value of values) {
    if (value === null || !(value > 0) || !Number.isFinite(value)) continue;
    min = Math.min(min, value);
    max = Math.max(max, value);
  }
  return max / min > 10 ** decades;
}
