import { describe, expect, it } from 'vitest';
import { downsampleTelemetry, REPORT_MAX_CHART_ROWS } from '../../../trainer/report/downsample-telemetry';
import { longRun, telemetryRow } from './telemetry-fixtures';

describe('downsampleTelemetry', () => {
  it('should keep the global loss extremes and every event step of 20k rows within the cap', () => {
    const { rows, eventSteps } = longRun();
    const shown = downsampleTelemetry(rows, { maxRows: REPORT_MAX_CHART_ROWS });
    expect(shown.length).toBeLessThanOrEqual(REPORT_MAX_CHART_ROWS);
    expect(shown.length).toBeGreaterThan(REPORT_MAX_CHART_ROWS * 0.9);
    const losses = shown.flatMap((kept) => (kept.loss === null ? [] : [kept.loss]));
    expect(Math.max(...losses)).toBe(97.5);
    expect(Math.min(...losses)).toBe(1e-4);
    const keptSteps = new Set(shown.map((kept) => kept.step));
    for (const step of eventSteps) expect(keptSteps.has(step)).toBe(true);
    // First and last, in order, and the kept rows are the input's own objects.
    expect(shown[0]?.step).toBe(0);
    expect(shown.at(-1)?.step).toBe(19_999);
    expect(shown.every((kept, index) => index === 0 || kept.step > (shown[index - 1]?.step ?? Infinity))).toBe(true);
    expect(shown.every((kept) => rows[kept.step] === kept)).toBe(true);
  });

  it('should return the rows unchanged when they fit', () => {
    const rows = [telemetryRow(0, 1), telemetryRow(1, 2)];
    const shown = downsampleTelemetry(rows, { maxRows: 8 });
    expect(shown).toEqual(rows);
    expect(shown).not.toBe(rows);
  });

  it('should admit rare event kinds before a per-step kind that cannot fit', () => {
    const rows = Array.from({ length: 1000 }, (_, step) =>
      telemetryRow(step, 1 + (step % 7), { event: step === 500 ? 'rollback' : 'clip' }),
    );
    const shown = downsampleTelemetry(rows, { maxRows: 100 });
    expect(shown.length).toBeLessThanOrEqual(100);
    expect(shown.some((kept) => kept.step === 500)).toBe(true);
  });

  it('should keep steps named in keepSteps', () => {
    const rows = Array.from({ length: 1000 }, (_, step) => telemetryRow(step, 1));
    const shown = downsampleTelemetry(rows, { maxRows: 40, keepSteps: [{ kind: 'spike', steps: [123, 777] }] });
    expect(shown.map((kept) => kept.step)).toEqual(expect.arrayContaining([123, 777]));
    expect(shown.length).toBeLessThanOrEqual(40);
  });

  it('should reject a cap below 8, naming it', () => {
    expect(() => downsampleTelemetry([], { maxRows: 3 })).toThrow('got 3');
  });
});
