import { eventKindOf } from './event-kind-of';
import type { ReportEvent, TelemetryRow } from './report-html-input';

/** Every step of one event kind, with the colour it is drawn in. */
export interface EventMarkerSeries {
  kind: string;
  /** CSS colour, shared by the chart markers and the legend swatch. */
  color: string;
  /** Distinct steps, ascending. */
  steps: number[];
  /**
   * `'line'`: a dashed line across the chart with a triangle on top, for rare events.
   * `'tick'`: a short tick along the bottom, for kinds that fire on many steps (clipping).
   */
  style: 'line' | 'tick';
}

/** Kinds the trainer emits get fixed colours so reports look alike from run to run. */
const KIND_COLORS: Readonly<Record<string, string>> = {
  skip: '#dc2626',
  rollback: '#ea580c',
  inject: '#7c3aed',
  spike: '#db2777',
  overflow: '#ca8a04',
  clip: '#0891b2',
};
/** Kinds that typically fire on many steps; any kind marking more than `MAX_LINE_MARKERS` steps joins them. */
const TICK_KINDS: ReadonlySet<string> = new Set(['clip']);
const MAX_LINE_MARKERS = 50;
const FALLBACK_COLORS = ['#4d7c0f', '#be185d', '#0f766e', '#9333ea', '#b45309', '#475569'];

/**
 * Groups the steps to mark on the charts by event kind, in order of first occurrence:
 * every `events` entry, every telemetry row's `event` (kind = its prefix, see `eventKindOf`),
 * and every skipped row without an event (kind `'skip'`). Each kind gets a fixed colour
 * (`skip` red, `rollback` orange, `inject` purple, …) and a drawing style.
 */
export function collectEventMarkers(
  telemetry: readonly TelemetryRow[],
  events: readonly ReportEvent[],
): EventMarkerSeries[] {
  const stepsByKind = new Map<string, Set<number>>();
  const firstStep = new Map<string, number>();
  const note = (kind: string, step: number): void => {
    const steps = stepsByKind.get(kind) ?? new Set<number>();
    steps.add(step);
    stepsByKind.set(kind, steps);
    firstStep.set(kind, Math.min(firstStep.get(kind) ?? step, step));
  };
  for (const event of events) note(event.kind, event.step);
  for (const row of telemetry) {
    if (row.event !== undefined) for (const event of row.event.split(/\s+/).filter(Boolean)) note(eventKindOf(event), row.step);
    else if (row.skipped) note('skip', row.step);
  }
  const kinds = [...stepsByKind.keys()].sort(
    (a, b) => (firstStep.get(a) ?? 0) - (firstStep.get(b) ?? 0) || a.localeCompare(b),
  );
  let fallback = 0;
  return kinds.map((kind) => {
    const steps = [...(stepsByKind.get(kind) ?? [])].sort((a, b) => a - b);
    return {
      kind,
      color: KIND_COLORS[kind] ?? FALLBACK_COLORS[fallback++ % FALLBACK_COLORS.length] ?? '#475569',
      steps,
      style: TICK_KINDS.has(kind) || steps.length > MAX_LINE_MARKERS ? 'tick' : 'line',
    };
  });
}
