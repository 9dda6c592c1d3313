import { DEFAULT_TRAIN_CONFIG, resolveTrainConfig } from '../config/train-config';
import { runTraining } from '../run-training';
import { formatFlagHelp, parseCliFlags, UsageError } from './parse-cli-flags';
import { createProgress } from './progress';
import type { Progress } from './progress';
import { runCli } from './run-cli';
import { TRAIN_FLAGS } from './train-flags';

const USAGE = `usage: npm run train -- [flags]\n\nTrains the default CNN on MNIST and writes the artifact + report.json.\n\n${formatFlagHelp(TRAIN_FLAGS, DEFAULT_TRAIN_CONFIG)}\n`;

runCli('train', async () => {
  const { values, positionals, help } = parseCliFlags(process.argv.slice(2), TRAIN_FLAGS);
  if (help) {
    process.stdout.write(USAGE);
    return;
  }
  if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}" (flags start with --)`);
  const config = resolveTrainConfig(values);

  let prepare: Progress | undefined;
  let training: Progress | undefined;
  const { report } = await runTraining(config, {
    onBackend: (name, reason) => process.stderr.write(`backend: ${name} (${reason})\n`),
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
    onEvaluate: () => process.stderr.write('evaluating on the test set…\n'),
  });
  const artifact = report.artifactDir
    ? `${report.artifactDir} (${(report.artifactBytes / 1024).toFixed(1)} KB)`
    : `not written: the final weights hold ${report.nonFiniteWeights} non-finite values`;
  process.stdout.write(
    `test accuracy ${(report.testAccuracy * 100).toFixed(2)}% · ${report.steps} steps · ` +
      `${report.samplesPerSecond.toFixed(0)} samples/s · ${report.wallSeconds.toFixed(1)} s wall · backend ${report.backend}\n` +
      `fuses ${report.fuses ? 'on' : 'off'}: ${report.skippedSteps} skipped, ${report.clippedSteps} clipped, ` +
      `${report.rollbacks} rollbacks, ${report.nonFiniteWeights} non-finite weights\n` +
      `artifact: ${artifact}\nreport: ${report.runDir}/report.html\n`,
  );
});
