import { escapeHtml } from './escape-html';
import type { ConfusionCounts } from './report-html-input';

/**
 * The confusion matrix as an HTML heatmap table: rows are true classes, columns predicted ones.
 *
 * Each cell shows its count and is shaded by its share of the row (the true class's examples):
 * blue on the diagonal (correct) with opacity √share, red off it (mistakes) with opacity
 * √(share ÷ 10%) so that a 1% confusion stands out next to a 99% diagonal (10% or more is full red). Diagonal cells are outlined and bold. The last column is
 * per-class recall (diagonal ÷ row total), the last row per-class precision (diagonal ÷ column
 * total); `—` where the total is 0. Cells carry `data-count`, `data-share`, `data-recall` and
 * `data-precision` for tests and scripts.
 */
export function renderConfusionTable(confusion: ConfusionCounts): string {
  const { labels, counts } = confusion;
  const size = labels.length;
  if (counts.length !== size || counts.some((row) => row.length !== size)) {
    const shape = `${counts.length}×[${counts.map((row) => row.length).join(',')}]`;
    throw new Error(`renderConfusionTable: counts must be ${size}×${size} for ${size} labels, got ${shape}`);
  }
  const countAt = (trueClass: number, predicted: number): number => counts[trueClass]?.[predicted] ?? 0;
  const rowTotals = counts.map((row) => row.reduce((sum, count) => sum + count, 0));
  const columnTotals = labels.map((_, predicted) => counts.reduce((sum, row) => sum + (row[predicted] ?? 0), 0));
  const correct = labels.reduce((sum, _, index) => sum + countAt(index, index), 0);
  const total = rowTotals.reduce((sum, count) => sum + count, 0);

  const header =
    `<tr><th class="corner" scope="col">true ↓ · predicted →</th>` +
    labels.map((label) => `<th scope="col" class="label">${escapeHtml(label)}</th>`).join('') +
    `<th scope="col" class="metric">recall</th></tr>`;
  const body = labels.map((label, trueClass) => {
    const rowTotal = rowTotals[trueClass] ?? 0;
    const cells = labels.map((_, predicted) => {
      const count = countAt(trueClass, predicted);
      const share = rowTotal === 0 ? 0 : count / rowTotal;
      return confusionCell(count, share, trueClass === predicted);
    });
    const recall = rowTotal === 0 ? null : countAt(trueClass, trueClass) / rowTotal;
    return (
      `<tr><th scope="row" class="label">${escapeHtml(label)}</th>${cells.join('')}` +
      `<td class="metric recall"${recall === null ? '' : ` data-recall="${recall}"`}>${formatPercent(recall)}</td></tr>`
    );
  });
  const precisionRow =
    `<tr class="precision"><th scope="row" class="metric">precision</th>` +
    labels
      .map((_, predicted) => {
        const columnTotal = columnTotals[predicted] ?? 0;
        const precision = columnTotal === 0 ? null : countAt(predicted, predicted) / columnTotal;
        return `<td class="metric"${precision === null ? '' : ` data-precision="${precision}"`}>${formatPercent(precision)}</td>`;
      })
      .join('') +
    `<td class="metric overall" title="accuracy">${formatPercent(total === 0 ? null : correct / total)}</td></tr>`;
  return (
    `<div class="scroll"><table class="confusion">\n<thead>${header}</thead>\n<tbody>\n` +
    `${body.join('\n')}\n${precisionRow}\n</tbody></table></div>`
  );
}

/** Off-diagonal shares at or above this are full red: a class confused this often is a problem. */
const FULL_RED_SHARE = 0.1;

function confusionCell(count: number, share: number, diagonal: boolean): string {
  const alpha = Math.sqrt(diagonal ? share : Math.min(1, share / FULL_RED_SHARE));
  const rgb = diagonal ? '37,99,235' : '220,38,38';
  const background = count === 0 ? '' : `background:rgba(${rgb},${alpha.toFixed(3)});`;
  const color = alpha > 0.6 ? 'color:#fff;' : '';
  const title = `${count.toLocaleString('en-US')} (${(share * 100).toFixed(1)}% of row)`;
  return (
    `<td class="cell${diagonal ? ' diag' : ''}${count === 0 ? ' zero' : ''}" data-count="${count}" ` +
    `data-share="${share}" style="${background}${color}" title="${title}">${count.toLocaleString('en-US')}</td>`
  );
}

function formatPercent(fraction: number | null): string {
  return fraction === null ? '—' : `${(fraction * 100).toFixed(1)}%`;
}
