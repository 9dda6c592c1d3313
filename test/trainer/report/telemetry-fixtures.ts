import type { TelemetryRow } from '../../../trainer/report/report-html-input';

/** A plausible telemetry row: grad norm 2 × loss, clipped at 5, no loss scaling. */
export function telemetryRow(step: number, loss: number | null, extra: Partial<TelemetryRow> = {}): TelemetryRow {
  return {
    step,
    epoch: Math.floor(step / 100),
    loss,
    gradNorm: loss === null ? null : loss * 2,
    gradNormAfter: loss === null ? null : Math.min(loss * 2, 5),
    clipThreshold: 5,
    lossScale: null,
    lr: 1e-3,
    skipped: false,
    ...extra,
  };
}

/** 20,000 steps of noisy decaying loss with one spike up, one dip down, a NaN skip and events. */
export function longRun(): { rows: TelemetryRow[]; eventSteps: number[] } {
  let state = 12345;
  const uniform = (): number => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return state / 4294967296;
  };
  const eventSteps = [3, 4_321, 9_999, 15_000, 19_998];
  const rows = Array.from({ length: 20_000 }, (_, step) => {
    const loss = step === 12_345 ? 97.5 : step === 7_777 ? 1e-4 : 0.1 + 2 * Math.exp(-step / 3000) + 0.05 * uniform();
    if (step === 11_111) return telemetryRow(step, null, { skipped: true, event: 'skip:nonfinite' });
    return telemetryRow(step, loss, eventSteps.includes(step) ? { event: step === 4_321 ? 'inject:lr*100' : 'rollback' } : {});
  });
  return { rows, eventSteps: [...eventSteps, 11_111] };
}
