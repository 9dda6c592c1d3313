import { escapeHtml } from './escape-html';
import { formatSummaryValue } from './format-summary-value';
import type { ReportHtmlInput } from './report-html-input';

/** The run's `report.json` fields as a two-column HTML table (escaped), in the object's key order. */
export function renderSummaryTable(summary: ReportHtmlInput['summary']): string {
  const rows = Object.entries(summary).map(
    ([key, value]) =>
      `<tr><th scope="row">${escapeHtml(key)}</th><td class="${typeof value === 'number' ? 'num' : 'text'}">${escapeHtml(formatSummaryValue(value))}</td></tr>`,
  );
  if (rows.length === 0) return '<p class="muted">No summary fields.</p>';
  return `<table class="summary"><tbody>\n${rows.join('\n')}\n</tbody></table>`;
}
