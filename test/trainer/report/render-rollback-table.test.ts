import { describe, expect, it } from 'vitest';
import { collectRollbacks, renderRollbackTable } from '../../../trainer/report/render-rollback-table';
import type { TelemetryRow } from '../../../trainer/train/telemetry-row';

function row(step: number, event?: string): TelemetryRow {
  return { step, epoch: 0, lr: 0.001, loss: 1, gradNorm: 1, gradNormAfter: 1, clipThreshold: 5, lossScale: null, skipped: event !== undefined, ...(event ? { event } : {}) };
}

describe('renderRollbackTable', () => {
  const telemetry = [
    row(11),
    row(12, 'skip:outlier rollback:restore@10,resume@113,skipped=100,onset@11,probe=3.2100,ref=0.6200,lr×0.5'),
    row(400, 'skip:outlier rollback:refused=budget-spent'),
  ];

  it('should read every rollback and refusal the loop logged', () => {
    expect(collectRollbacks(telemetry)).toEqual([
      { step: 12, restored: { snapshot: 10, resumeAt: 113, skipped: 100, onset: 11, probeLoss: '3.2100', referenceLoss: '0.6200', lrScale: '0.5' }, refused: null },
      { step: 400, restored: null, refused: 'budget-spent' },
    ]);
  });

  it('should say what was judged damage, what was restored and how many batches were skipped', () => {
    const html = renderRollbackTable(telemetry);
    expect(html).toContain('<td>probe loss 3.2100 vs 0.6200 at the snapshot (anomaly from step 11)</td>');
    expect(html).toContain('<td class="num">100 (resumed at 113)</td>');
    expect(html).toContain('the rollback budget was spent; training went on with clipping and skipping');
    expect(renderRollbackTable([row(1), row(2, 'contained@1')])).toContain('No rollbacks');
  });
});
