import { escapeHtml } from './escape-html';
import type { TelemetryRow } from './report-html-input';

/** One rollback (or refused rollback) as the loop logged it in telemetry. */
export interface RollbackRecord {
  /** The step whose judgement found the damage. */
  step: number;
  /** Restored snapshot, where training resumed and how many batches that skipped; null when refused. */
  restored: { snapshot: number; resumeAt: number; skipped: number; onset: number; probeLoss: string; referenceLoss: string; lrScale: string } | null;
  /** Why no rollback happened (`budget-spent`, `no-snapshot`); null when one did. */
  refused: string | null;
}

const RESTORE = /^rollback:restore@(\d+),resume@(\d+),skipped=(\d+),onset@(\d+),probe=([^,]+),ref=([^,]+),lr×(.+)$/;

/** Every `rollback:` event of the telemetry, in step order. */
export function collectRollbacks(telemetry: readonly TelemetryRow[]): RollbackRecord[] {
  return telemetry.flatMap((row) =>
    (row.event?.split(/\s+/) ?? []).flatMap((event): RollbackRecord[] => {
      const match = RESTORE.exec(event);
      if (match) {
        const [, snapshot, resumeAt, skipped, onset, probeLoss = '', referenceLoss = '', lrScale = ''] = match;
        return [{
          step: row.step,
          restored: { snapshot: Number(snapshot), resumeAt: Number(resumeAt), skipped: Number(skipped), onset: Number(onset), probeLoss, referenceLoss, lrScale },
          refused: null,
        }];
      }
      return event.startsWith('rollback:refused=') ? [{ step: row.step, restored: null, refused: event.slice('rollback:refused='.length) }] : [];
    }),
  );
}

/**
 * The rollbacks as an HTML table: at which step damage was judged, what was judged damage (the
 * clean probe batch's loss against its value at the restored snapshot), which snapshot was
 * restored, how many batches were skipped and the LR scale after it; and any refused rollback
 * (the budget was spent: training went on with clipping and skipping).
 */
export function renderRollbackTable(telemetry: readonly TelemetryRow[]): string {
  const records = collectRollbacks(telemetry);
  if (records.length === 0) return '<p class="muted">No rollbacks: every anomaly was contained by skipping or clipping.</p>';
  const rows = records.map(({ step, restored, refused }) => {
    if (restored === null) {
      return `<tr><td class="num">${step.toLocaleString('en-US')}</td><td colspan="4">not rolled back: ${escapeHtml(refused === 'budget-spent' ? 'the rollback budget was spent; training went on with clipping and skipping' : 'no snapshot predates the anomaly')}</td></tr>`;
    }
    const reason = `probe loss ${restored.probeLoss} vs ${restored.referenceLoss} at the snapshot (anomaly from step ${restored.onset.toLocaleString('en-US')})`;
    return (
      `<tr><td class="num">${step.toLocaleString('en-US')}</td><td>${escapeHtml(reason)}</td>` +
      `<td class="num">${restored.snapshot.toLocaleString('en-US')}</td>` +
      `<td class="num">${restored.skipped.toLocaleString('en-US')} (resumed at ${restored.resumeAt.toLocaleString('en-US')})</td>` +
      `<td class="num">×${escapeHtml(restored.lrScale)}</td></tr>`
    );
  });
  return (
    '<table class="events rollbacks"><thead><tr><th>step</th><th>judged damage</th><th>restored snapshot</th><th>batches skipped</th><th>LR scale</th></tr></thead><tbody>\n' +
    `${rows.join('\n')}\n</tbody></table>`
  );
}
