import { describe, expect, it } from 'vitest';
import { collectEventMarkers } from '../../../trainer/report/collect-event-markers';
import { telemetryRow } from './telemetry-fixtures';

describe('collectEventMarkers', () => {
  it('should group event steps by kind in order of first occurrence, deduplicated', () => {
    const telemetry = [
      telemetryRow(0, 1, { event: 'clip' }),
      telemetryRow(1, 1, { event: 'inject:lr*100' }),
      telemetryRow(2, null, { skipped: true }),
      telemetryRow(3, 1, { event: 'rollback→0' }),
      telemetryRow(4, 1, { event: 'clip' }),
    ];
    const events = [
      { step: 1, kind: 'inject', detail: 'lr ×100' },
      { step: 3, kind: 'rollback', detail: 'to step 0' },
      { step: 9, kind: 'my-fuse', detail: 'custom' },
    ];
    expect(collectEventMarkers(telemetry, events)).toEqual([
      { kind: 'clip', color: '#0891b2', steps: [0, 4], style: 'tick' },
      { kind: 'inject', color: '#7c3aed', steps: [1], style: 'line' },
      { kind: 'skip', color: '#dc2626', steps: [2], style: 'line' },
      { kind: 'rollback', color: '#ea580c', steps: [3], style: 'line' },
      { kind: 'my-fuse', color: '#4d7c0f', steps: [9], style: 'line' },
    ]);
  });

  it('should draw a kind that marks more than 50 steps as ticks', () => {
    const telemetry = Array.from({ length: 51 }, (_, step) => telemetryRow(step, 1, { event: 'overflow' }));
    expect(collectEventMarkers(telemetry, [])[0]?.style).toBe('tick');
    expect(collectEventMarkers(telemetry.slice(0, 50), [])[0]?.style).toBe('line');
  });
});
