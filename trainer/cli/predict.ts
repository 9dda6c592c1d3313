import { ArtifactError, MANIFEST_FILE, parseManifest, topK } from '../../shared/artifact';
import type { Prediction } from '../../shared/artifact';
import { resolveBackend } from '../backends/resolve-backend';
import { BACKEND_CHOICES } from '../backends/backend-choices';
import { ImageFileError } from '../predict/image-file-error';
import { predictFiles } from '../predict/predict-files';
import { readArtifactDir } from '../predict/read-artifact-dir';
import { formatFlagHelp, parseCliFlags, UsageError } from './parse-cli-flags';
import type { FlagSpec } from './parse-cli-flags';
import { runCli } from './run-cli';

const FLAGS: readonly FlagSpec[] = [
  { flag: 'model', key: 'model', kind: 'string', description: 'artifact directory' },
  { flag: 'top-k', key: 'topK', kind: 'integer', description: 'predictions printed per image' },
  { flag: 'json', key: 'json', kind: 'boolean', description: 'print one JSON document instead of lines' },
  { flag: 'backend', key: 'backend', kind: 'string', description: 'auto | webgpu | wasm | cpu | tfjs-node | tfjs-node-gpu' },
];

const USAGE =
  'usage: npm run predict -- --model <artifact-dir> [flags] <image>...\n\n' +
  'Classifies PNG/JPEG files with the same loader and preprocessing as the worker. Fails fast:\n' +
  'the first unreadable image is named on one line (exit 2) and nothing is printed for the others.\n\n' +
  `${formatFlagHelp(FLAGS, { topK: 3, json: false, backend: 'auto' })}\n`;

const formatLine = (file: string, predictions: readonly Prediction[]) =>
  `${file}: ${predictions.map((prediction) => `${prediction.label} ${prediction.score.toFixed(4)}`).join(' · ')}`;

runCli('predict', async () => {
  const { values, positionals, help } = parseCliFlags(process.argv.slice(2), FLAGS);
  if (help) {
    process.stdout.write(USAGE);
    return;
  }
  const modelDir = values.model;
  if (typeof modelDir !== 'string' || modelDir === '') throw new UsageError('--model <artifact-dir> is required');
  if (positionals.length === 0) throw new UsageError('no image files given (usage: npm run predict -- --model <dir> <image>...)');
  const k = typeof values.topK === 'number' ? values.topK : 3;
  if (k < 1) throw new UsageError(`--top-k: expected 1 or more, got ${k}`);
  const backend = values.backend ?? 'auto';
  if (typeof backend !== 'string' || !(BACKEND_CHOICES as readonly string[]).includes(backend)) {
    throw new UsageError(`--backend: expected one of ${BACKEND_CHOICES.join(' | ')}, got "${String(backend)}"`);
  }
  await resolveBackend(backend as (typeof BACKEND_CHOICES)[number]);
  try {
    const labels = parseManifest(JSON.parse(new TextDecoder().decode((await readArtifactDir(modelDir)).files.get(MANIFEST_FILE)))).labels;
    const results = (await predictFiles(modelDir, positionals)).map((result) => ({
      file: result.file,
      predictions: topK(result.scores, labels, k),
    }));
    process.stdout.write(
      values.json === true
        ? `${JSON.stringify({ model: modelDir, results }, null, 2)}\n`
        : `${results.map((result) => formatLine(result.file, result.predictions)).join('\n')}\n`,
    );
  } catch (error) {
    if (error instanceof ImageFileError) throw new UsageError(error.message.replace(/\s*\n\s*/g, ' ')); // decoder messages may span lines
    if (error instanceof ArtifactError || error instanceof SyntaxError) throw new UsageError(`${modelDir}: ${error.message}`);
    if (error instanceof Error && error.message.startsWith('cannot read artifact directory')) throw new UsageError(error.message);
    throw error;
  }
});
