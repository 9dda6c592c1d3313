import type { PredictPhasesMs } from './predict-phases-of';
import type { InIsolateResult } from './run-in-isolate-bench';

const ms = (value: number | null, digits = 2): string => (value === null ? '–' : value.toFixed(digits));
const phasesText = (phases: PredictPhasesMs | null | undefined): string =>
  phases === null || phases === undefined ? '–' : `decode ${ms(phases.decodeMs, 1)} · preprocess ${ms(phases.preprocessMs, 1)} · load ${ms(phases.loadMs, 1)} · infer ${ms(phases.inferMs, 1)}`;

/** The in-isolate table: CPU per request (median of rounds, min–max), the bare Worker's delta, cold starts. */
export function formatInIsolateTable(result: InIsolateResult): string {
  const bare = result.rows.find((row) => row.variant === 'bare Worker')?.medianCpuMs ?? 0;
  const lines = [
    `workerd CPU per request, sequential, median of ${result.rounds} rounds (min–max); vs bare: minus the bare Worker beside the same requests, median of rounds; load average ${result.loadAverage.before.toFixed(2)} → ${result.loadAverage.after.toFixed(2)}`,
    `${'variant'.padEnd(38)} ${'route'.padEnd(38)} ${'requests'.padStart(8)} ${'CPU ms'.padStart(8)} ${'min–max'.padStart(13)} ${'vs bare'.padStart(8)}`,
    ...result.rows.map((row) => {
      const range = `${ms(Math.min(...row.cpuMsPerRequest))}–${ms(Math.max(...row.cpuMsPerRequest))}`;
      // Paired: minus the bare Worker measured beside the same requests, median over rounds.
      const delta = row.variant === 'bare Worker' ? '' : `${(row.medianVsBareMs ?? row.medianCpuMs - bare) >= 0 ? '+' : ''}${ms(row.medianVsBareMs ?? row.medianCpuMs - bare)}`;
      return `${row.variant.padEnd(38)} ${row.route.padEnd(38)} ${String(row.requests).padStart(8)} ${ms(row.medianCpuMs, 3).padStart(8)} ${range.padStart(13)} ${delta.padStart(8)}`;
    }),
    'cold start, median (wall ms / workerd CPU ms): spawn → runtime ready · first /healthz (bare: first request) · then first predict (bare POST ones: first POST of the PNG, and for the R2 one its R2 read) · predict as the first request of another fresh isolate',
    ...result.cold.map(({ variant, median }) =>
      `${variant.padEnd(38)} ${ms(median.readyWallMs, 0)} / ${ms(median.readyCpuMs, 0)} · ${ms(median.firstHealthzWallMs, 1)} / ${ms(median.firstHealthzCpuMs, 1)} · ${ms(median.firstPredictWallMs, 1)} / ${ms(median.firstPredictCpuMs, 1)} · ${ms(median.predictFirstWallMs ?? null, 1)} / ${ms(median.predictFirstCpuMs ?? null, 1)}`,
    ),
    "cold predicts' phases, median ms from their log lines (whole ms on workerd's local clock): then the first predict | predict as the first request",
    ...result.cold.flatMap(({ variant, median }) =>
      median.firstPredictPhases === null || median.firstPredictPhases === undefined ? [] : [`${variant.padEnd(38)} ${phasesText(median.firstPredictPhases)} | ${phasesText(median.predictFirstPhases)}`],
    ),
  ];
  return `${lines.join('\n')}\n`;
}
