// `npm run eval -- --model <artifact-dir> --data <mnist|idx:dir|folder>`: accuracy, per-class
// precision/recall, confusion matrix (table + picture) and the worst-classified examples.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { ArtifactError, MANIFEST_FILE } from '../../shared/artifact';
import { resolveBackend } from '../backends/resolve-backend';
import { resolveTrainConfig } from '../config/train-config';
import { loadDataset } from '../data/load-dataset';
import { evaluateSplit, loadArtifact } from '../predict/evaluate-artifact';
import { writeFileAtomic } from '../io/write-file-atomic';
import { renderEvalHtml } from '../report/render-eval-html';
import { formatFlagHelp, parseCliFlags, UsageError } from './parse-cli-flags';
import type { FlagSpec } from './parse-cli-flags';
import { runCli } from './run-cli';

const FLAGS: readonly FlagSpec[] = [
  { flag: 'model', key: 'model', kind: 'string', description: 'artifact directory' },
  { flag: 'data', key: 'data', kind: 'string', description: 'mnist | idx:<dir> | <image folder> (its test/ split, or every image)' },
  { flag: 'out', key: 'out', kind: 'string', description: 'where eval.html and eval.json go (default runs/eval-<name>-<time>)' },
  { flag: 'worst', key: 'worst', kind: 'integer', description: 'worst-classified examples listed' },
  { flag: 'json', key: 'json', kind: 'boolean', description: 'print eval.json to stdout instead of the table' },
  { flag: 'cache-dir', key: 'cacheDir', kind: 'string', description: 'prepared-image cache' },
];

const USAGE = `usage: npm run eval -- --model <artifact-dir> --data <mnist|idx:dir|folder> [flags]\n\n${formatFlagHelp(FLAGS, { worst: 20 })}\n`;

runCli('eval', async () => {
  const { values, positionals, help } = parseCliFlags(process.argv.slice(2), FLAGS);
  if (help) {
    process.stdout.write(USAGE);
    return;
  }
  if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`);
  if (typeof values.model !== 'string') throw new UsageError('--model <artifact-dir> is required');
  if (typeof values.data !== 'string') throw new UsageError('--data <mnist|idx:dir|folder> is required');
  await resolveBackend('auto');
  const served = await loadArtifact(values.model).catch((error: unknown) => {
    if (error instanceof ArtifactError) throw new UsageError(`--model ${values.model}: ${error.message}`);
    if (error instanceof Error && error.message.includes(MANIFEST_FILE)) throw new UsageError(`--model ${values.model}: ${error.message}`);
    throw error;
  });
  const { manifest } = served;
  // The artifact's input spec decides how images are prepared; a folder without test/ is evaluated whole.
  const dataset = await loadDataset(
    resolveTrainConfig({
      data: values.data,
      inputSize: `${manifest.input.height}x${manifest.input.width}`,
      channels: manifest.input.channels,
      valSplit: 0,
      testSplit: 0,
      ...(typeof values.cacheDir === 'string' ? { cacheDir: values.cacheDir } : {}),
    }),
  );
  const modelLabels = manifest.labels.join('\u0000');
  if (dataset.labels.join('\u0000') !== modelLabels) {
    throw new UsageError(`--data ${values.data}: classes [${dataset.labels.join(', ')}] differ from the model's [${manifest.labels.join(', ')}]`);
  }
  const split = dataset.test.count > 0 ? dataset.test : dataset.train;
  const evaluation = await evaluateSplit(served, split, typeof values.worst === 'number' ? values.worst : 20);
  served.model.dispose();

  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\..*/, '');
  const out = typeof values.out === 'string' ? values.out : join('runs', `eval-${manifest.name}-${stamp}`);
  await mkdir(out, { recursive: true });
  const report = { model: values.model, data: values.data, skipped: dataset.skipped, ...evaluation };
  await writeFileAtomic(join(out, 'eval.json'), `${JSON.stringify(report, null, 2)}\n`);
  await writeFileAtomic(join(out, 'eval.html'), renderEvalHtml(`${manifest.name} v${manifest.version} on ${values.data}`, manifest.labels, evaluation));
  if (values.json === true) {
    process.stdout.write(`${JSON.stringify(report)}\n`);
    return;
  }
  const lines = [
    `${manifest.name} v${manifest.version} on ${values.data}: accuracy ${(evaluation.accuracy * 100).toFixed(2)}% (${evaluation.examples} examples)`,
    `${'class'.padEnd(16)} precision  recall  support`,
    ...evaluation.perClass.map(
      (row) => `${row.label.slice(0, 16).padEnd(16)} ${(row.precision * 100).toFixed(1).padStart(8)}%  ${(row.recall * 100).toFixed(1).padStart(5)}%  ${String(row.support).padStart(7)}`,
    ),
    `worst: ${evaluation.worst.slice(0, 5).map((miss) => `${miss.source} (${miss.label}→${miss.predicted})`).join(', ') || 'none'}`,
    `report: ${join(out, 'eval.html')}`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
});
