import type { EventMarkerSeries } from './collect-event-markers';
import { escapeHtml } from './escape-html';
import type { ReportEvent } from './report-html-input';

/** Events listed in the table at most; the rest are only counted (and still marked on the charts). */
export const REPORT_MAX_EVENT_ROWS = 200;

/**
 * The events as an HTML table (step, kind with its marker colour, detail), the first
 * `maxRows` only, with a line saying how many were left out.
 */
export function renderEventsTable(
  events: readonly ReportEvent[],
  markers: readonly EventMarkerSeries[],
  maxRows: number = REPORT_MAX_EVENT_ROWS,
): string {
  if (events.length === 0) return '<p class="muted">No events: no fuse fired and nothing was injected.</p>';
  const colorOf = new Map(markers.map((series) => [series.kind, series.color]));
  const shown = events.slice(0, maxRows);
  const rows = shown.map(
    (event) =>
      `<tr><td class="num">${event.step.toLocaleString('en-US')}</td>` +
      `<td><span class="swatch" style="background:${colorOf.get(event.kind) ?? '#94a3b8'}"></span>${escapeHtml(event.kind)}</td>` +
      `<td class="detail">${escapeHtml(event.detail)}</td></tr>`,
  );
  const note =
    events.length > shown.length
      ? `<p class="muted" data-events-shown="${shown.length}" data-events-total="${events.length}">Showing the first ${shown.length.toLocaleString('en-US')} of ${events.length.toLocaleString('en-US')} events.</p>`
      : `<p class="muted" data-events-shown="${shown.length}" data-events-total="${events.length}">${events.length.toLocaleString('en-US')} event${events.length === 1 ? '' : 's'}.</p>`;
  return (
    `${note}\n<div class="events-wrap"><table class="events"><thead><tr><th>step</th><th>kind</th><th>detail</th></tr></thead><tbody>\n` +
    `${rows.join('\n')}\n</tbody></table></div>`
  );
}
