// `npm run import -- --from <layers-model-dir> --out <artifact-dir> [flags]`: turns a tfjs
// LayersModel (tensorflowjs_converter, Teachable Machine, tfjs' model.save) into an edgefuse
// artifact that `publish`, R2 and the bundled worker serve like a trained one.
import { ArtifactError, QUANTIZE_MODES } from '../../shared/artifact';
import type { QuantizeMode } from '../../shared/artifact';
import { resolveBackend } from '../backends/resolve-backend';
import { DEFAULT_MIN_AGREEMENT } from '../export/choose-quantization';
import { ImportError } from '../import/import-error';
import { importLayersModel } from '../import/import-layers-model';
import { SCALE_PRESET_NAMES } from '../import/resolve-normalization';
import { formatFlagHelp, parseCliFlags, UsageError } from './parse-cli-flags';
import type { FlagSpec } from './parse-cli-flags';
import { runCli } from './run-cli';

const FLAGS: readonly FlagSpec[] = [
  { flag: 'from', key: 'from', kind: 'string', description: 'tfjs LayersModel directory: model.json + weight shards (+ metadata.json)' },
  { flag: 'out', key: 'out', kind: 'string', description: 'artifact output directory' },
  { flag: 'name', key: 'name', kind: 'string', description: 'model name in the manifest and the API (default: the --out folder name)' },
  { flag: 'version', key: 'version', kind: 'string', description: 'model version in the manifest' },
  { flag: 'labels', key: 'labels', kind: 'string', description: 'labels in output order, comma-separated' },
  { flag: 'labels-file', key: 'labelsFile', kind: 'string', description: 'labels file: one per line, or a JSON array' },
  { flag: 'input', key: 'input', kind: 'string', description: 'input HxWxC, for sizes the model leaves open (must match the ones it fixes)' },
  { flag: 'scale', key: 'scale', kind: 'string', description: `input convention: ${SCALE_PRESET_NAMES.join(' | ')} ([0,1], [-1,1], ImageNet mean/std, [0,255])` },
  { flag: 'normalize', key: 'normalize', kind: 'string', description: 'mean,std per channel in units of pixel/255 (2 values, or 3 means then 3 stds)' },
  { flag: 'output', key: 'output', kind: 'string', description: 'logits | probabilities, when the last activation does not tell' },
  { flag: 'data', key: 'data', kind: 'string', description: 'held-out images for the parity gate: mnist | idx:<dir> | <image folder>' },
  { flag: 'test-limit', key: 'testLimit', kind: 'integer', description: 'parity gate on the first N images of --data (0 = all)' },
  { flag: 'quantize', key: 'quantize', kind: 'string', description: 'uint8 | uint16 | float16 | none | auto (default: uint8 with --data, none without)' },
  { flag: 'min-agreement', key: 'minAgreement', kind: 'number', description: 'parity gate: top-1 agreement with the float model' },
  { flag: 'allow-accuracy-drop', key: 'allowAccuracyDrop', kind: 'boolean', description: 'write an explicit format even below the gate' },
  { flag: 'cache-dir', key: 'cacheDir', kind: 'string', description: 'prepared-image cache for --data folders' },
];

const DEFAULTS = { version: '1', testLimit: 0, minAgreement: DEFAULT_MIN_AGREEMENT, allowAccuracyDrop: false };

const USAGE =
  'usage: npm run import -- --from <layers-model-dir> --out <artifact-dir> [flags]\n\n' +
  'Imports a tfjs LayersModel (tensorflowjs_converter --output_format tfjs_layers_model, Teachable\n' +
  "Machine's TensorFlow.js export) as an edgefuse artifact. Labels come from --labels, --labels-file\n" +
  "or Teachable Machine's metadata.json; the input convention from --scale, --normalize or Teachable\n" +
  `Machine. Bad input prints one line and exits 2 with nothing written.\n\n${formatFlagHelp(FLAGS, DEFAULTS)}\n`;

const percent = (value: number) => `${(value * 100).toFixed(2)}%`;

function text(values: Record<string, unknown>, key: string): string | undefined {
  const value = values[key];
  return typeof value === 'string' ? value : undefined;
}

runCli('import', async () => {
  const { values, positionals, help } = parseCliFlags(process.argv.slice(2), FLAGS);
  if (help) {
    process.stdout.write(USAGE);
    return;
  }
  if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}" (flags start with --)`);
  const from = text(values, 'from');
  const out = text(values, 'out');
  if (from === undefined || from === '') throw new UsageError('--from <layers-model-dir> is required');
  if (out === undefined || out === '') throw new UsageError('--out <artifact-dir> is required');
  const quantizeFlag = text(values, 'quantize');
  if (quantizeFlag !== undefined && !(QUANTIZE_MODES as readonly string[]).includes(quantizeFlag)) {
    throw new UsageError(`--quantize: expected one of ${QUANTIZE_MODES.join(' | ')}, got "${quantizeFlag}"`);
  }
  const minAgreement = typeof values.minAgreement === 'number' ? values.minAgreement : undefined;
  if (minAgreement !== undefined && (minAgreement < 0 || minAgreement > 1)) throw new UsageError(`--min-agreement: expected a fraction in [0, 1], got ${minAgreement}`);
  const testLimit = typeof values.testLimit === 'number' ? values.testLimit : 0;
  if (testLimit < 0) throw new UsageError(`--test-limit: expected 0 or more, got ${testLimit}`);
  const data = text(values, 'data');
  const cacheDir = text(values, 'cacheDir');

  // wasm: its kernels are the ones the worker runs (the forward-pass check relies on that).
  await resolveBackend('wasm');
  try {
    const { manifest, layerClasses, kernels } = await importLayersModel({
      from,
      out,
      name: text(values, 'name'),
      version: text(values, 'version'),
      labels: text(values, 'labels'),
      labelsFile: text(values, 'labelsFile'),
      input: text(values, 'input'),
      normalize: text(values, 'normalize'),
      scale: text(values, 'scale'),
      output: text(values, 'output'),
      quantize: quantizeFlag as QuantizeMode | undefined,
      parity: data === undefined ? undefined : { data, limit: testLimit, cacheDir },
      minAgreement,
      allowAccuracyDrop: values.allowAccuracyDrop === true,
    });
    const { input, evaluation, quantization, provenance } = manifest;
    const total = manifest.files.reduce((sum, file) => sum + file.bytes, 0);
    const layers = Object.entries(layerClasses).map(([className, count]) => `${className}×${count}`).join(' ');
    process.stdout.write(
      `imported ${from} as ${manifest.name} v${manifest.version} → ${out} (${quantization?.format ?? 'none'}, ${(total / 1024).toFixed(1)} KB + manifest)\n` +
        `input ${input.height}×${input.width}×${input.channels} · ${provenance?.preprocessingFrom ?? ''} · mean ${manifest.preprocessing.mean.map((v) => v.toFixed(4)).join(',')} std ${manifest.preprocessing.std.map((v) => v.toFixed(4)).join(',')}\n` +
        `output ${manifest.output} (${provenance?.outputFrom ?? ''}) · ${manifest.labels.length} labels from ${provenance?.labelsFrom ?? ''}: ${manifest.labels.join(', ')}\n` +
        `layers ${layers} · ${kernels.length} kernels, all in the worker's wasm backend\n` +
        (evaluation
          ? `float ${percent(evaluation.floatAccuracy)} · ${quantization?.format ?? ''} ${percent(evaluation.quantizedAccuracy)} · agreement ${percent(evaluation.agreement)} on ${evaluation.examples} ${evaluation.dataset} ${evaluation.split} images\n`
          : '') +
        `why: ${quantization?.reason ?? 'not recorded'}\n`,
    );
  } catch (error) {
    // Bad input: one line, exit 2 (runCli prints it); a refused parity gate keeps its exit 4.
    if (error instanceof ImportError || error instanceof ArtifactError) throw new UsageError(error.message);
    throw error;
  }
});
