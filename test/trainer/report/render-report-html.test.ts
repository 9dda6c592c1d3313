import { describe, expect, it } from 'vitest';
import { buildReportChartData } from '../../../trainer/report/build-report-chart-data';
import type { ReportChartData, TelemetryColumns } from '../../../trainer/report/build-report-chart-data';
import { downsampleTelemetry, REPORT_MAX_CHART_ROWS } from '../../../trainer/report/downsample-telemetry';
import { renderReportHtml } from '../../../trainer/report/render-report-html';
import type { ReportHtmlInput, TelemetryRow } from '../../../trainer/report/report-html-input';
import { sampleReportInput } from './sample-report-input';
import { longRun, telemetryRow as row } from './telemetry-fixtures';

/** The parsed `<script type="application/json" id="report-data">` of a rendered page. */
function embeddedData(html: string): ReportChartData {
  const match = /<script type="application\/json" id="report-data">([\s\S]*?)<\/script>/.exec(html);
  if (match?.[1] === undefined) throw new Error('no #report-data script in the page');
  return JSON.parse(match[1]) as ReportChartData;
}

/** Columns back to rows (`event: null` → no `event` key), to compare with the input rows. */
function columnsToRows(columns: TelemetryColumns): TelemetryRow[] {
  return columns.step.map((step, index) => {
    const event = columns.event[index];
    return {
      step,
      epoch: columns.epoch[index] ?? Number.NaN,
      loss: columns.loss[index] ?? null,
      gradNorm: columns.gradNorm[index] ?? null,
      gradNormAfter: columns.gradNormAfter[index] ?? null,
      clipThreshold: columns.clipThreshold[index] ?? null,
      lossScale: columns.lossScale[index] ?? null,
      lr: columns.lr[index] ?? Number.NaN,
      skipped: columns.skipped[index] ?? false,
      ...(event === null || event === undefined ? {} : { event }),
    };
  });
}

function minimalInput(overrides: Partial<ReportHtmlInput> = {}): ReportHtmlInput {
  return {
    title: 'tiny',
    summary: { testAccuracy: 0.5, steps: 3 },
    telemetry: [row(0, 2.3), row(1, null, { skipped: true, event: 'skip:nonfinite' }), row(2, 1.9, { lossScale: 1024 })],
    ...overrides,
  };
}

describe('renderReportHtml', () => {
  it('should embed the telemetry rows as JSON that round-trips', () => {
    const input = minimalInput();
    const data = embeddedData(renderReportHtml(input));
    expect(columnsToRows(data.telemetry)).toEqual(input.telemetry);
    expect(data.totalRows).toBe(3);
    expect(data.hasLossScale).toBe(true);
    expect(data.markers).toEqual([{ kind: 'skip', color: '#dc2626', steps: [1], style: 'line' }]);
  });

  it('should embed the downsampled rows of a long run, with every event step', () => {
    const { rows, eventSteps } = longRun();
    const input = minimalInput({ telemetry: rows });
    const data = embeddedData(renderReportHtml(input));
    expect(data).toEqual(buildReportChartData(input));
    const shown = columnsToRows(data.telemetry);
    expect(shown).toEqual(downsampleTelemetry(rows, { keepSteps: data.markers }));
    expect(shown.length).toBeLessThanOrEqual(REPORT_MAX_CHART_ROWS);
    expect(data.totalRows).toBe(20_000);
    expect(data.markers.flatMap((series) => series.steps).sort((a, b) => a - b)).toEqual(eventSteps.sort((a, b) => a - b));
    expect(data.lossLogScale).toBe(true); // 1e-4 … 97.5 spans six decades
  });

  it('should escape </script> and HTML in labels, titles and events', () => {
    const hostile = '</script><script>alert(1)</script><b>x</b>';
    const html = renderReportHtml(
      minimalInput({
        title: `<b>run</b> ${hostile}`,
        summary: { backend: hostile },
        confusion: { labels: ['<b>cat</b>', hostile], counts: [[1, 0], [0, 1]] },
        events: [{ step: 1, kind: '<b>kind</b>', detail: hostile }],
        telemetry: [row(0, 1, { event: hostile }), row(1, 1)],
      }),
    );
    // Only the page's own three <script> elements open and close.
    expect(html.match(/<script/g)).toHaveLength(3);
    expect(html.match(/<\/script>/g)).toHaveLength(3);
    expect(html).not.toContain('<b>');
    expect(html).toContain('&lt;b&gt;cat&lt;/b&gt;');
    expect(html).toContain('<title>&lt;b&gt;run&lt;/b&gt;');
    expect(embeddedData(html).telemetry.event[0]).toBe(hostile);
  });

  it('should reference no external URL', () => {
    const html = renderReportHtml(sampleReportInput(300));
    expect(html).not.toMatch(/\b(?:src|href)\s*=\s*["']?\s*(?:https?:)?\/\//i);
    expect(html).not.toMatch(/<link\b|@import|url\(\s*["']?\s*(?:https?:)?\/\//i);
    expect(html).toContain('var uPlot='); // the library is inlined
  });

  it('should truncate the events table to the first 200 and say how many there are', () => {
    const events = Array.from({ length: 250 }, (_, index) => ({ step: index, kind: 'clip', detail: `#${index}` }));
    const html = renderReportHtml(minimalInput({ events }));
    const table = /<table class="events">([\s\S]*?)<\/table>/.exec(html)?.[1] ?? '';
    expect(table.match(/<tr>/g)).toHaveLength(201); // header + 200 rows
    expect(table).toContain('#199');
    expect(table).not.toContain('#200');
    expect(html).toContain('Showing the first 200 of 250 events.');
  });

  it('should show every summary field', () => {
    const html = renderReportHtml(minimalInput({ summary: { steps: 60000, testAccuracy: 0.99104321, nonFiniteWeights: null } }));
    expect(html).toContain('<th scope="row">steps</th><td class="num">60,000</td>');
    expect(html).toContain('<td class="num">0.991043</td>');
    expect(html).toContain('<th scope="row">nonFiniteWeights</th><td class="text">—</td>');
  });

  it('should render a run without telemetry, events or confusion matrix', () => {
    const html = renderReportHtml({ title: 'empty', summary: {}, telemetry: [] });
    expect(html).toContain('No telemetry recorded.');
    expect(html).toContain('No confusion matrix recorded.');
    expect(html).toContain('No events');
    expect(html).not.toContain('data-chart=');
    expect(embeddedData(html)).toMatchObject({ totalRows: 0, markers: [] });
  });

  it('should draw the confusion matrix with its counts and recall', () => {
    const input = sampleReportInput(50);
    const html = renderReportHtml(input);
    const counts = [...html.matchAll(/data-count="(\d+)"/g)].map((match) => Number(match[1]));
    expect(counts).toEqual(input.confusion?.counts.flat());
    const recalls = [...html.matchAll(/data-recall="([\d.]+)"/g)].map((match) => Number(match[1]));
    expect(recalls).toEqual(input.confusion?.counts.map((trueRow, index) => (trueRow[index] ?? 0) / trueRow.reduce((a, b) => a + b, 0)));
  });
});
