import type { ArtifactEvaluation } from '../predict/evaluate-artifact';
import { escapeHtml } from './escape-html';
import { renderConfusionTable } from './render-confusion-table';
import { REPORT_STYLES } from './report-styles';

const percent = (value: number) => `${(value * 100).toFixed(2)}%`;

/** A self-contained page for `npm run eval`: accuracy, per-class metrics, confusion matrix, worst examples. */
export function renderEvalHtml(title: string, labels: readonly string[], evaluation: ArtifactEvaluation): string {
  const classRows = evaluation.perClass
    .map((row) => `<tr><td>${escapeHtml(row.label)}</td><td>${percent(row.precision)}</td><td>${percent(row.recall)}</td><td>${row.support}</td></tr>`)
    .join('');
  const worstRows = evaluation.worst
    .map(
      (miss) =>
        `<tr><td><code>${escapeHtml(miss.source)}</code></td><td>${escapeHtml(miss.label)}</td>` +
        `<td>${escapeHtml(miss.predicted)}</td><td>${miss.trueScore.toFixed(4)}</td></tr>`,
    )
    .join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title><style>${REPORT_STYLES}</style></head>
<body><main>
<header><h1>${escapeHtml(title)}</h1><p>${evaluation.examples} examples · accuracy ${percent(evaluation.accuracy)}</p></header>
<section class="card"><h2>Per class</h2><table><thead><tr><th>class</th><th>precision</th><th>recall</th><th>support</th></tr></thead><tbody>${classRows}</tbody></table></section>
<section class="card"><h2>Confusion matrix</h2>${renderConfusionTable({ labels, counts: evaluation.confusion })}</section>
<section class="card"><h2>Worst-classified examples</h2>
${evaluation.worst.length ? `<table><thead><tr><th>example</th><th>true</th><th>predicted</th><th>p(true)</th></tr></thead><tbody>${worstRows}</tbody></table>` : '<p>None: every example is classified right.</p>'}
</section></main></body></html>
`;
}
