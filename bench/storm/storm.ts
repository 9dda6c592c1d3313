// `npm run storm [-- --json] [train flags]`: the standard storm, clean vs fuses vs --no-fuses, in
// one invocation, printed as a table (or one JSON array with --json).
// `npm run storm -- --storms N [--storm-seed S] [--compare-no-fuses]`: N random storms drawn from
// the documented distribution (bench/storm/draw-storm.ts), each with fuses on, plus one clean run.
// `npm run storm -- --inject SPEC [--inject SPEC …]`: a storm of your own (a drawn one replayed, say),
// clean vs fuses vs --no-fuses like the standard one.
import { join } from 'node:path';
import { resolveTrainConfig } from '../../trainer/config/train-config';
import { writeBenchResult } from '../write-bench-result';
import { parseInject } from '../../trainer/inject';
import { drawStorms } from './draw-storm';
import { diverged, randomStormRuns, runStorm, standardStormRuns } from './run-storm';
import type { StormRow } from './run-storm';
import { parseCliFlags, UsageError } from '../../trainer/cli/parse-cli-flags';
import type { FlagSpec } from '../../trainer/cli/parse-cli-flags';
import { createProgress } from '../../trainer/cli/progress';
import type { Progress } from '../../trainer/cli/progress';
import { runCli } from '../../trainer/cli/run-cli';
import { TRAIN_FLAGS } from '../../trainer/cli/train-flags';

const STORM_FLAGS: readonly FlagSpec[] = [
  { flag: 'json', key: 'json', kind: 'boolean', description: 'print one JSON array' },
  { flag: 'storms', key: 'storms', kind: 'integer', description: 'draw this many random storms instead of the standard one' },
  { flag: 'storm-seed', key: 'stormSeed', kind: 'integer', description: 'seed of the random storms (default 1)' },
  { flag: 'compare-no-fuses', key: 'compareNoFuses', kind: 'boolean', description: 'random storms: also run each with --no-fuses' },
  { flag: 'inject', key: 'inject', kind: 'strings', description: 'a storm of your own instead of the standard one (repeatable, as for train)' },
  ...TRAIN_FLAGS.filter((spec) => !['out', 'run-dir', 'fuses', 'inject'].includes(spec.flag)),
];

function percent(value: number | null): string {
  return value === null ? '-' : `${(value * 100).toFixed(2)}%`;
}

function table(rows: readonly StormRow[]): string {
  const clean = rows.find((row) => row.run === 'clean')?.testAccuracy ?? null;
  const header = ['run', 'test acc', 'vs clean', 'non-finite w', 'skipped', 'clipped', 'rollbacks', 'wall s', 'note'];
  const lines = rows.map((row) => [
    row.run,
    percent(row.testAccuracy),
    row.testAccuracy === null || clean === null || row.run === 'clean' ? '' : `${((row.testAccuracy - clean) * 100).toFixed(2)} pt`,
    String(row.nonFiniteWeights ?? '-'),
    String(row.skippedSteps ?? '-'),
    String(row.clippedSteps ?? '-'),
    String(row.rollbacks ?? '-'),
    row.wallSeconds === null ? '-' : row.wallSeconds.toFixed(0),
    row.halted ? `halted: ${row.halted}` : clean !== null && row.run !== 'clean' && diverged(row, clean) ? 'diverged' : '',
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...lines.map((line) => (line[column] ?? '').length)));
  return [header, ...lines].map((line) => line.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join('  ').trimEnd()).join('\n');
}

runCli('storm', async () => {
  const { values, positionals } = parseCliFlags(process.argv.slice(2), STORM_FLAGS);
  if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`);
  const { json, storms, stormSeed, compareNoFuses, inject, ...trainValues } = values;
  const base = resolveTrainConfig(trainValues);
  const stormCount = typeof storms === 'number' ? storms : 0;
  if (stormCount < 0 || stormCount > 100) throw new UsageError(`--storms: expected 1 to 100, got ${stormCount}`);
  const custom = Array.isArray(inject) ? inject.map(String) : [];
  if (custom.length > 0 && stormCount > 0) throw new UsageError('--inject: give either --storms or --inject, not both');
  // Parsed up front, so a bad spec fails in one line before any run starts.
  for (const spec of custom) parseInject(spec);
  const seed = typeof stormSeed === 'number' ? stormSeed : 1;
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\..*/, '');
  const stormDir = join('runs', `storm-${stamp}`);
  const drawn = stormCount > 0 ? drawStorms(stormCount, seed) : [];
  const runs = stormCount > 0 ? randomStormRuns(drawn, compareNoFuses === true) : standardStormRuns(custom.length > 0 ? custom : undefined);
  // The drawn storms first, so a failure can be replayed with the same --inject flags.
  drawn.forEach((storm, index) => process.stderr.write(`storm-${index + 1}: ${storm.map((spec) => `--inject '${spec}'`).join(' ')}\n`));
  const rows = await runStorm(base, stormDir, runs, (run) => {
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
  const name = stormCount > 0 ? `storm-random-${base.clip}` : custom.length > 0 ? `storm-custom-${base.clip}` : 'storm';
  const command = stormCount > 0
    ? `npm run storm -- --storms ${stormCount} --storm-seed ${seed} --clip ${base.clip}`
    : custom.length > 0 ? `npm run storm -- --clip ${base.clip} ${custom.map((spec) => `--inject '${spec}'`).join(' ')}` : 'npm run storm';
  await writeBenchResult(name, command, { model: base.model, epochs: base.epochs, seed: base.seed, clip: base.clip, stormSeed: seed, inject: custom, rows: jsonRows });
  if (json === true) {
    process.stdout.write(`${JSON.stringify(jsonRows)}\n`);
    return;
  }
  const what = stormCount > 0 ? `${stormCount} random storms (seed ${seed})` : custom.length > 0 ? `the storm ${custom.join(', ')}` : 'the standard storm';
  process.stdout.write(`storm: ${what}, ${base.model}, ${base.epochs} epochs, seed ${base.seed}, clip ${base.clip}; runs in ${stormDir}/\n${table(rows)}\n`);
});
