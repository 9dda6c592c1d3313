import { ArtifactError, QUANTIZE_MODES } from '../../shared/artifact';
import { resolveBackend } from '../backends/resolve-backend';
import { BACKEND_CHOICES } from '../backends/backend-choices';
import type { BackendChoice } from '../backends/backend-choices';
import { resolveTrainConfig } from '../config/train-config';
import { loadDataset } from '../data/load-dataset';
import { DEFAULT_MIN_AGREEMENT } from '../export/choose-quantization';
import type { QuantizeMode } from '../../shared/artifact';
import { loadFloatSource } from '../export/load-float-source';
import { ParityError } from '../export/parity-error';
import { describeFromManifest } from '../export/describe-from-manifest';
import { assertArtifactTarget } from '../export/assert-artifact-target';
import { writeArtifact } from '../export/write-artifact';
import { formatFlagHelp, parseCliFlags, UsageError } from './parse-cli-flags';
import type { FlagSpec } from './parse-cli-flags';
import { runCli } from './run-cli';

const FLAGS: readonly FlagSpec[] = [
  { flag: 'from', key: 'from', kind: 'string', description: 'run directory (uses its float/) or float artifact directory' },
  { flag: 'out', key: 'out', kind: 'string', description: 'artifact output directory' },
  { flag: 'quantize', key: 'quantize', kind: 'string', description: 'uint8 | uint16 | float16 | none | auto (smallest that passes)' },
  { flag: 'min-agreement', key: 'minAgreement', kind: 'number', description: 'parity gate: top-1 agreement with the float model' },
  { flag: 'allow-accuracy-drop', key: 'allowAccuracyDrop', kind: 'boolean', description: 'write an explicit format even below the gate' },
  { flag: 'test-limit', key: 'testLimit', kind: 'integer', description: 'parity gate on the first N test images (0 = all)' },
  { flag: 'backend', key: 'backend', kind: 'string', description: 'auto | webgpu | wasm | cpu | tfjs-node | tfjs-node-gpu' },
];

const DEFAULTS = { quantize: 'auto', minAgreement: DEFAULT_MIN_AGREEMENT, allowAccuracyDrop: false, testLimit: 0, backend: 'auto' };

const USAGE =
  'usage: npm run export -- --from <run-or-artifact-dir> --out <dir> [flags]\n\n' +
  'Re-exports a float model as a (quantized) artifact, gated on top-1 agreement with the float\n' +
  `model on the test split of the data it was trained on. Refused exports write nothing and exit 2.\n\n${formatFlagHelp(FLAGS, DEFAULTS)}\n`;

const percent = (value: number) => `${(value * 100).toFixed(2)}%`;

function oneOf<T extends string>(flag: string, value: unknown, choices: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if (typeof value === 'string' && (choices as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`--${flag}: expected one of ${choices.join(' | ')}, got "${String(value)}"`);
}

runCli('export', async () => {
  const { values, positionals, help } = parseCliFlags(process.argv.slice(2), FLAGS);
  if (help) {
    process.stdout.write(USAGE);
    return;
  }
  if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}" (flags start with --)`);
  const from = values.from;
  const out = values.out;
  if (typeof from !== 'string' || from === '') throw new UsageError('--from <run-or-artifact-dir> is required');
  if (typeof out !== 'string' || out === '') throw new UsageError('--out <dir> is required');
  await assertArtifactTarget(out);
  const quantize: QuantizeMode = oneOf('quantize', values.quantize, QUANTIZE_MODES, 'auto');
  const backendChoice: BackendChoice = oneOf('backend', values.backend, BACKEND_CHOICES, 'auto');
  const minAgreement = typeof values.minAgreement === 'number' ? values.minAgreement : DEFAULT_MIN_AGREEMENT;
  if (minAgreement < 0 || minAgreement > 1) throw new UsageError(`--min-agreement: expected a fraction in [0, 1], got ${minAgreement}`);
  const testLimit = typeof values.testLimit === 'number' ? values.testLimit : 0;
  if (testLimit < 0) throw new UsageError(`--test-limit: expected 0 or more, got ${testLimit}`);

  const backend = await resolveBackend(backendChoice);
  process.stderr.write(`backend: ${backend.name} (${backend.reason})\n`);
  try {
    const source = await loadFloatSource(from);
    const { manifest, model } = source;
    try {
      // The data the model was trained on, from its manifest: the test split for the gate, the
      // training split for a quantization-aware fine-tune.
      const trained = manifest.training ?? {};
      const dataConfig = resolveTrainConfig({
        data: typeof trained.data === 'string' ? trained.data : 'mnist',
        ...(typeof trained.inputSize === 'string' ? { inputSize: trained.inputSize } : {}),
        ...(trained.channels === 1 || trained.channels === 3 ? { channels: trained.channels } : {}),
        ...(typeof trained.valSplit === 'number' ? { valSplit: trained.valSplit } : {}),
        ...(typeof trained.testSplit === 'number' ? { testSplit: trained.testSplit } : {}),
        ...(typeof trained.seed === 'number' ? { seed: trained.seed } : {}),
        ...(typeof trained.trainLimit === 'number' ? { trainLimit: trained.trainLimit } : {}),
        testLimit,
      });
      const dataset = await loadDataset(dataConfig).catch((error: unknown) => {
        throw new UsageError(`${source.dir}: cannot load its training data ${dataConfig.data} for the parity gate (${(error as Error).message})`);
      });
      if (dataset.labels.join() !== manifest.labels.join()) {
        throw new UsageError(`${source.dir}: labels ${manifest.labels.join(',')} do not match ${dataConfig.data}'s ${dataset.labels.join(',')}`);
      }
      const written = await writeArtifact(
        model,
        describeFromManifest(manifest),
        out,
        {
          quantize,
          parity: { dataset: dataset.name, split: 'test', data: dataset.test, preprocessing: dataset.preprocessing },
          training: { data: dataset.train, preprocessing: dataset.preprocessing, seed: dataConfig.seed },
          minAgreement,
          allowAccuracyDrop: values.allowAccuracyDrop === true,
        },
      );
      const total = written.files.reduce((sum, file) => sum + file.bytes, 0);
      const { evaluation, quantization } = written;
      process.stdout.write(
        `exported ${out} from ${source.dir}: ${quantization?.format ?? 'none'} · ${written.files
          .map((file) => `${file.path} ${(file.bytes / 1024).toFixed(1)} KB`)
          .join(' · ')} · total ${(total / 1024).toFixed(1)} KB + manifest\n` +
          (evaluation
            ? `float ${percent(evaluation.floatAccuracy)} · quantized ${percent(evaluation.quantizedAccuracy)} · ` +
              `agreement ${percent(evaluation.agreement)} on ${evaluation.examples} ${evaluation.dataset} ${evaluation.split} images\n`
            : '') +
          `why: ${quantization?.reason ?? 'not recorded'}\n`,
      );
    } finally {
      model.dispose();
    }
  } catch (error) {
    // A refused gate or a broken/quantized source is the user's input: one line, exit 2.
    if (error instanceof ParityError || error instanceof ArtifactError) throw new UsageError(error.message);
    if (error instanceof Error && error.message.startsWith('cannot read artifact directory')) throw new UsageError(error.message);
    throw error;
  }
});
