import { eventKindOf } from './event-kind-of';
import type { ReportEvent, ReportHtmlInput } from './report-html-input';

/**
 * The events the report lists, sorted by step (stable): `input.events` when given, otherwise one
 * event per telemetry row that carries an `event` string (`kind` is its prefix, `detail` the whole
 * string).
 */
export function listReportEvents(input: Pick<ReportHtmlInput, 'telemetry' | 'events'>): ReportEvent[] {
  const events =
    input.events ??
    input.telemetry.flatMap((row) =>
      (row.event?.split(/\s+/).filter(Boolean) ?? []).map((event) => ({ step: row.step, kind: eventKindOf(event), detail: event })),
    );
  return [...events].sort((a, b) => a.step - b.step);
}
