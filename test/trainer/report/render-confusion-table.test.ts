import { describe, expect, it } from 'vitest';
import { renderConfusionTable } from '../../../trainer/report/render-confusion-table';

describe('renderConfusionTable', () => {
  const confusion = { labels: ['cat', 'dog', 'eel'], counts: [[8, 2, 0], [1, 3, 0], [0, 0, 0]] };

  it('should show each count with its row share, and recall and precision per class', () => {
    const html = renderConfusionTable(confusion);
    const cells = [...html.matchAll(/data-count="(\d+)" data-share="([\d.e-]+)"/g)].map((match) => [
      Number(match[1]),
      Number(match[2]),
    ]);
    expect(cells).toEqual([
      [8, 0.8], [2, 0.2], [0, 0],
      [1, 0.25], [3, 0.75], [0, 0],
      [0, 0], [0, 0], [0, 0],
    ]);
    const recalls = [...html.matchAll(/<td class="metric recall"(?: data-recall="([\d.]+)")?>([^<]*)</g)].map((match) => [match[1], match[2]]);
    expect(recalls).toEqual([['0.8', '80.0%'], ['0.75', '75.0%'], [undefined, '—']]);
    expect([...html.matchAll(/data-precision="([\d.]+)"/g)].map((match) => Number(match[1]))).toEqual([8 / 9, 0.6]);
    expect(html).toContain('title="accuracy">78.6%'); // 11 of 14
    expect(html.match(/class="cell diag/g)).toHaveLength(3);
  });

  it('should reject counts that do not match the labels, printing both shapes', () => {
    expect(() => renderConfusionTable({ labels: ['a', 'b'], counts: [[1, 2]] })).toThrow('must be 2×2 for 2 labels, got 1×[2]');
  });
});
