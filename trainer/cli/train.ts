import { DEFAULT_TRAIN_CONFIG, resolveTrainConfig } from '../config/train-config';
import { runTraining } from '../run-training';
import { join } from 'node:path';
import { resolveResumeDir } from '../io/run-record';
import type { Checkpoint } from '../checkpoint/checkpoint-state';
import { readLatestCheckpoint } from '../checkpoint/read-latest-checkpoint';
import { resumeConfig } from '../checkpoint/resume-config';
import { formatFlagHelp, parseCliFlags, UsageError } from './parse-cli-flags';
import type { FlagSpec } from './parse-cli-flags';
import { formatEpochLine } from './format-epoch-line';
import { createProgress } from './progress';
import type { Progress } from './progress';
import { runCli } from './run-cli';
import { TRAIN_FLAGS } from './train-flags';

const FLAGS: readonly FlagSpec[] = [
  ...TRAIN_FLAGS,
  {
    flag: 'resume',
    key: 'resume',
    kind: 'string',
    description: "continue a run from its newest checkpoint: its run directory, its --out directory, or 'latest'",
  },
];

/** `word` as one shell word: as is when it is plain, else single-quoted. */
function shellWord(word: string): string {
  return /^[\w./:@%+=-]+$/.test(word) ? word : `'${word.replace(/'/g, "'\\''")}'`;
}

const USAGE =
  'usage: npm run train -- [flags]\n\nTrains the default CNN on MNIST (or --data) and writes the artifact to models/<name> + report.json.\n' +
  `Ctrl-C saves a checkpoint and stops; --resume <run-dir | out-dir | latest> continues.\n\n${formatFlagHelp(FLAGS, DEFAULT_TRAIN_CONFIG)}\n`;

runCli('train', async () => {
  const { values, positionals, help } = parseCliFlags(process.argv.slice(2), FLAGS);
  if (help) {
    process.stdout.write(USAGE);
    return;
  }
  if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}" (flags start with --)`);
  const { resume: resumeTarget, ...given } = values;
  let config = resolveTrainConfig(given);
  let checkpoint: Checkpoint | undefined;
  if (typeof resumeTarget === 'string') {
    const resumeDir = await resolveResumeDir(resumeTarget).catch((error: unknown) => {
      throw new UsageError(`--resume ${resumeTarget}: ${(error as Error).message}`);
    });
    checkpoint = await readLatestCheckpoint(join(resumeDir, 'checkpoints')).catch((error: unknown) => {
      throw new UsageError(`--resume ${resumeTarget}: ${(error as Error).message}`);
    });
    config = resumeConfig(checkpoint, given, FLAGS, resumeDir);
    process.stderr.write(`resuming ${resumeDir} at step ${checkpoint.state.stream.step} (${checkpoint.dir})\n`);
  }

  // Ctrl-C: finish the current step, write a checkpoint, stop. A second Ctrl-C a second later
  // exits at once (the first one can arrive twice: from the terminal and relayed by npm/tsx).
  let stopRequested = false;
  let firstSigint = 0;
  process.on('SIGINT', () => {
    if (stopRequested && Date.now() - firstSigint > 1000) process.exit(130);
    if (stopRequested) return;
    stopRequested = true;
    firstSigint = Date.now();
    process.stderr.write('\nstopping after this step and saving a checkpoint…\n');
  });

  let prepare: Progress | undefined;
  let training: Progress | undefined;
  const { report } = await runTraining(config, {
    onRun({ runDir, out }) {
      process.stderr.write(`run: ${runDir} · artifact: ${out}\nto resume if stopped: npm run train -- --resume ${shellWord(runDir)}\n`);
    },
    onBackend: (name, reason) => process.stderr.write(`backend: ${name} (${reason})\n`),
    onThreads: (threads, reason) => process.stderr.write(`threads: ${threads} (${reason})\n`),
    onDataset(dataset) {
      const { input, train, test, skipped, labels } = dataset;
      process.stderr.write(
        `data: ${dataset.name}, ${labels.length} classes, ${train.count} train / ${test.count} test, ` +
          `input ${input.height}×${input.width}×${input.channels}${dataset.cacheHit ? ' (prepared cache hit)' : ''}\n`,
      );
      if (skipped.length > 0) {
        const first = skipped.slice(0, 3).map((file) => `${file.path} (${file.reason})`).join('; ');
        process.stderr.write(`skipped ${skipped.length} unreadable files: ${first}${skipped.length > 3 ? '; …' : ''}\n`);
      }
    },
    onBackbone(backbone) {
      const tuned = backbone.fineTuneLayers.length > 0
        ? `; fine-tuning ${backbone.fineTuneLayers.join(', ')} after step ${config.fineTuneAfter} at ${config.fineTuneLrScale} × the LR`
        : '';
      process.stderr.write(`backbone: ${backbone.dir} cut after "${backbone.cutLayer}" (features ${backbone.featureShape.join('×')}), ${backbone.frozenLayers} layers frozen${tuned}\n`);
    },
    onPrepare(done, total) {
      prepare ??= createProgress('prepare', total, { enabled: config.progress });
      prepare.update(done);
      if (done === total) prepare.stop();
    },
    onStep(step) {
      training ??= createProgress('train', step.totalSteps, {
        enabled: config.progress,
        format: 'loss {loss} acc {acc} {sps} samples/s',
      });
      training.update(step.step, {
        loss: step.loss.toFixed(4),
        acc: step.batchAccuracy.toFixed(3),
        sps: step.samplesPerSecond.toFixed(0),
      });
      if (step.step === step.totalSteps) training.stop();
    },
    onEpoch(epoch) {
      const line = formatEpochLine(epoch);
      if (training) training.log(line);
      else process.stderr.write(`${line}\n`);
    },
    onEvaluate: () => process.stderr.write('evaluating on the test set…\n'),
  }, { ...(checkpoint ? { resume: checkpoint } : {}), stopRequested: () => stopRequested });
  const artifact = report.artifactDir
    ? `${report.artifactDir} (${(report.artifactBytes / 1024).toFixed(1)} KB)`
    : `not written: the final weights hold ${report.nonFiniteWeights} non-finite values`;
  process.stdout.write(
    `test accuracy ${(report.testAccuracy * 100).toFixed(2)}% · ${report.steps} steps · ` +
      `${report.samplesPerSecond.toFixed(0)} samples/s · ${report.wallSeconds.toFixed(1)} s wall · backend ${report.backend} × ${report.threads} thread${report.threads === 1 ? '' : 's'}\n` +
      (report.validationExamples > 0
        ? `kept epoch ${report.keptEpoch} of ${Math.ceil(report.epochs)} (lowest val_loss ${report.bestValLoss?.toFixed(4) ?? '-'} on ${report.validationExamples} validation images)` +
          `${report.stoppedEarly ? ', stopped early' : ''}\n`
        : '') +
      `fuses ${report.fuses ? 'on' : 'off'}: ${report.skippedSteps} skipped (${report.outlierSkips} loss outliers), ${report.outlierTrims} trimmed, ${report.clippedSteps} clipped, ` +
      `${report.anomaliesContained} anomalies contained, ${report.rollbacks} of ${report.rollbackBudget} rollbacks` +
      `${report.rollbacksRefused > 0 ? ` (budget spent: ${report.rollbacksRefused} more went on with clipping and skipping)` : ''}, ` +
      `${report.nonFiniteWeights} non-finite weights\n` +
      `artifact: ${artifact}\nreport: ${report.runDir}/report.html\n`,
  );
});
