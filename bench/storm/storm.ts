// `npm run storm [-- --json] [train flags]`: the standard storm, clean vs fuses vs --no-fuses, in
// one invocation, printed as a table (or one JSON array with --json).
import { join } from 'node:path';
import { resolveTrainConfig } from '../../trainer/config/train-config';
import { writeBenchResult } from '../write-bench-result';
import { runStorm } from './run-storm';
import type { StormRow } from './run-storm';
import { parseCliFlags, UsageError } from '../../trainer/cli/parse-cli-flags';
import type { FlagSpec } from '../../trainer/cli/parse-cli-flags';
import { createProgress } from '../../trainer/cli/progress';
import type { Progress } from '../../trainer/cli/progress';
import { runCli } from '../../trainer/cli/run-cli';
import { TRAIN_FLAGS } from '../../trainer/cli/train-flags';

const STORM_FLAGS: readonly FlagSpec[] = [
  { flag: 'json', key: 'json', kind: 'boolean', description: 'print one JSON array' },
  ...TRAIN_FLAGS.filter((spec) => !['out', 'run-dir', 'fuses', 'inject'].includes(spec.flag)),
];

function percent(value: number | null): string {
  return value === null ? '-' : `${(value * 100).toFixed(2)}%`;
}

function table(rows: readonly StormRow[]): string {
  const header = ['run', 'test acc', 'non-finite w', 'skipped', 'clipped', 'rollbacks', 'wall s', 'note'];
  const lines = rows.map((row) => [
    row.run,
    percent(row.testAccuracy),
    String(row.nonFiniteWeights ?? '-'),
    String(row.skippedSteps ?? '-'),
    String(row.clippedSteps ?? '-'),
    String(row.rollbacks ?? '-'),
    row.wallSeconds === null ? '-' : row.wallSeconds.toFixed(0),
    row.halted ? `halted: ${row.halted}` : '',
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...lines.map((line) => (line[column] ?? '').length)));
  return [header, ...lines].map((line) => line.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join('  ').trimEnd()).join('\n');
}

runCli('storm', async () => {
  const { values, positionals } = parseCliFlags(process.argv.slice(2), STORM_FLAGS);
  if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`);
  const { json, ...trainValues } = values;
  const base = resolveTrainConfig(trainValues);
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\..*/, '');
  const stormDir = join('runs', `storm-${stamp}`);
  const rows = await runStorm(base, stormDir, (run) => {
    let bar: Progress | undefined;
    return {
      onStep(step) {
        bar ??= createProgress(run.padEnd(8), step.totalSteps, { enabled: base.progress, format: 'loss {loss}' });
        bar.update(step.step, { loss: Number.isFinite(step.loss) ? step.loss.toFixed(4) : String(step.loss) });
        if (step.step === step.totalSteps) bar.stop();
      },
    };
  });
  const jsonRows = rows.map(({ report, ...row }) => ({ ...report, ...row, report: undefined }));
  await writeBenchResult('storm', 'npm run storm', { model: base.model, epochs: base.epochs, seed: base.seed, rows: jsonRows });
  if (json === true) {
    process.stdout.write(`${JSON.stringify(jsonRows)}\n`);
    return;
  }
  process.stdout.write(`storm: ${base.model}, ${base.epochs} epochs, seed ${base.seed}; runs in ${stormDir}/\n${table(rows)}\n`);
});
