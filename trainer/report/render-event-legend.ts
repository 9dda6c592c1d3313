import type { EventMarkerSeries } from './collect-event-markers';
import { escapeHtml } from './escape-html';

/**
 * The legend of event kinds drawn on the charts: a colour swatch, the kind and how many steps it
 * marks. Each entry is a button the page's script uses to hide or show that kind's markers.
 */
export function renderEventLegend(markers: readonly EventMarkerSeries[]): string {
  if (markers.length === 0) return '';
  const items = markers.map(
    (series) =>
      `<button type="button" class="legend-item" data-kind="${escapeHtml(series.kind)}" aria-pressed="true">` +
      `<span class="swatch" style="background:${series.color}"></span>${escapeHtml(series.kind)}` +
      ` <span class="muted">×${series.steps.length.toLocaleString('en-US')}</span></button>`,
  );
  return `<div class="event-legend"><span class="muted">Event markers:</span> ${items.join(' ')}</div>`;
}
