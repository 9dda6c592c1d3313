import { buildReportChartData } from './build-report-chart-data';
import type { ReportChartData } from './build-report-chart-data';
import { REPORT_MAX_CHART_ROWS } from './downsample-telemetry';
import { escapeHtml } from './escape-html';
import { jsonForScript } from './json-for-script';
import { listReportEvents } from './list-report-events';
import { loadUplotAssets } from './load-uplot-assets';
import { renderConfusionTable } from './render-confusion-table';
import { renderEventLegend } from './render-event-legend';
import { renderEventsTable } from './render-events-table';
import { renderRollbackTable } from './render-rollback-table';
import { renderSummaryTable } from './render-summary-table';
import { REPORT_CLIENT_SCRIPT } from './report-client-script';
import type { ReportHtmlInput } from './report-html-input';
import { REPORT_STYLES } from './report-styles';

export type { ReportHtmlInput, TelemetryRow } from './report-html-input';

/**
 * Renders a training run as one self-contained HTML page (`report.html`) that opens offline:
 * uPlot's script and stylesheet are inlined, the chart data sits in
 * `<script type="application/json" id="report-data">` (a `ReportChartData`, with `<` escaped), and
 * nothing is fetched.
 *
 * The page shows a summary table, charts over step (loss; grad norm before/after clipping and the
 * clip threshold; learning rate with the loss scale on a second axis) with every event step
 * marked, an accuracy chart when `evaluations` are given, the confusion matrix as a heatmap table
 * and the events table (first 200). Tables are plain HTML and read without JavaScript; the charts
 * need it. Runs longer than `REPORT_MAX_CHART_ROWS` steps are downsampled for the charts
 * (min/max per bucket, event steps kept; see `downsampleTelemetry`) and the page says so.
 *
 * @example await writeFile('report.html', renderReportHtml({ title: 'mnist v1', summary, telemetry }));
 */
export function renderReportHtml(input: ReportHtmlInput): string {
  const uplot = loadUplotAssets();
  const events = listReportEvents(input);
  const chartData = buildReportChartData(input, REPORT_MAX_CHART_ROWS);
  const title = escapeHtml(input.title);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · training report</title>
<style>${uplot.css}</style>
<style>${REPORT_STYLES}</style>
</head>
<body>
<main>
<header>
<h1>${title}</h1>
<p class="muted">${escapeHtml(describeRun(input, events.length))}</p>
</header>
<section id="summary">
<h2>Summary</h2>
${renderSummaryTable(input.summary)}
</section>
<section id="charts">
<h2>Training curves</h2>
${renderChartsBody(chartData)}
</section>
<section id="confusion">
<h2>Confusion matrix</h2>
${input.confusion === undefined ? '<p class="muted">No confusion matrix recorded.</p>' : `<p class="note">Rows: true class; columns: predicted class. Each cell shows its count, shaded by its share of the row: blue on the diagonal (correct), red off it (mistakes; 10% of a row or more is full red). Last column: recall; last row: precision, with overall accuracy in the corner.</p>\n${renderConfusionTable(input.confusion)}`}
</section>
<section id="rollbacks">
<h2>Rollbacks</h2>
${renderRollbackTable(input.telemetry)}
</section>
<section id="events">
<h2>Events</h2>
${renderEventsTable(events, chartData.markers)}
</section>
</main>
<script type="application/json" id="report-data">${jsonForScript(chartData)}</script>
<script>${uplot.script}</script>
<script>${REPORT_CLIENT_SCRIPT}</script>
</body>
</html>
`;
}

/** One line under the heading: steps, epochs, skipped steps, events. */
function describeRun(input: ReportHtmlInput, eventCount: number): string {
  const rows = input.telemetry;
  const first = rows[0];
  const last = rows[rows.length - 1];
  if (first === undefined || last === undefined) return `Training report · no telemetry · ${plural(eventCount, 'event')}`;
  const epochs = new Set(rows.map((row) => row.epoch)).size;
  const skipped = rows.filter((row) => row.skipped).length;
  return [
    'Training report',
    `steps ${first.step.toLocaleString('en-US')}–${last.step.toLocaleString('en-US')}`,
    plural(epochs, 'epoch'),
    `${skipped.toLocaleString('en-US')} skipped`,
    plural(eventCount, 'event'),
  ].join(' · ');
}

function renderChartsBody(data: ReportChartData): string {
  if (data.totalRows === 0) return '<p class="muted">No telemetry recorded.</p>';
  const shown = data.telemetry.step.length;
  const downsampleNote =
    shown < data.totalRows
      ? `<p class="note" data-rows-shown="${shown}" data-rows-total="${data.totalRows}">Showing ${shown.toLocaleString('en-US')} of ${data.totalRows.toLocaleString('en-US')} steps: each bucket of steps keeps its lowest and highest loss and grad norm, so spikes stay visible, and every event step is kept.</p>`
      : '';
  const logNote = (log: boolean): string => (log ? ' <span class="muted">(log scale)</span>' : '');
  const lrScale = data.lrLogScale ? 'log scale' : '';
  const lrTitle = data.hasLossScale
    ? `Learning rate <span class="muted">(left${lrScale === '' ? '' : `, ${lrScale}`})</span> · loss scale <span class="muted">(right, log₂)</span>`
    : `Learning rate${logNote(data.lrLogScale)}`;
  const gradTitle = data.hasClipThreshold ? 'Gradient norm · before and after clipping, clip threshold' : 'Gradient norm';
  return [
    '<noscript><p class="note">The charts need JavaScript; the tables on this page do not.</p></noscript>',
    downsampleNote,
    renderEventLegend(data.markers),
    `<h3>Loss${logNote(data.lossLogScale)}</h3>`,
    '<div class="chart" data-chart="loss"></div>',
    `<h3>${gradTitle}${logNote(data.gradNormLogScale)}</h3>`,
    '<div class="chart" data-chart="gradNorm"></div>',
    `<h3>${lrTitle}</h3>`,
    '<div class="chart" data-chart="lr"></div>',
    ...(data.evaluations.length > 0 ? ['<h3>Evaluation accuracy</h3>', '<div class="chart" data-chart="accuracy"></div>'] : []),
  ]
    .filter((part) => part !== '')
    .join('\n');
}

function plural(count: number, noun: string): string {
  return `${count.toLocaleString('en-US')} ${noun}${count === 1 ? '' : 's'}`;
}
