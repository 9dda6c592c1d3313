import { z } from 'zod';
import { modelNameSchema, modelVersionSchema, quantizationFormatSchema, quantizeModeSchema } from './model-contract';

/** The artifact format this build writes and reads. */
export const FORMAT_VERSION = 1;

/** File name of the manifest inside an artifact directory. */
export const MANIFEST_FILE = 'manifest.json';

/** File name of the tfjs LayersModel topology + weights manifest inside an artifact directory. */
export const MODEL_FILE = 'model.json';

/** File name of the (possibly quantized) weights inside an artifact directory. */
export const WEIGHTS_FILE = 'weights.bin';

const positiveInt = z.number().int().positive();

const inputSchema = z.object({
  height: positiveInt,
  width: positiveInt,
  channels: z.union([z.literal(1), z.literal(3)]),
});

const preprocessingSchema = z.object({
  /** `exif`: uploads are turned upright by their EXIF orientation first. Absent: `none` (older artifacts). */
  orientation: z.enum(['exif', 'none']).optional(),
  alphaBackground: z.enum(['black', 'white']),
  antialias: z.boolean(),
  mean: z.array(z.number()).min(1),
  std: z.array(z.number().positive()).min(1),
});

const fileEntrySchema = z.object({
  path: z.string().min(1).regex(/^[^/\\][^\\]*$/, 'must be a relative path'),
  bytes: z.number().int().nonnegative(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/, 'must be 64 lowercase hex digits'),
});

const fraction = z.number().min(0).max(1);

/** One format the exporter measured before choosing (see `quantization.tried`). */
const quantizationTrialSchema = z.object({
  format: quantizationFormatSchema,
  /** Top-1 agreement with the float model on the held-out set. */
  agreement: fraction,
  /** Accuracy of the quantized model on the held-out set. */
  accuracy: fraction,
  /** Size of the weights file in this format. */
  weightBytes: z.number().int().nonnegative(),
  accepted: z.boolean(),
  /** uint8/uint16: each tensor's range was its `minmax`, or chosen to minimize the error (`mse`). */
  ranges: z.enum(['minmax', 'mse']).optional(),
  /** Steps of quantization-aware fine-tuning (distilled from the float model) before this trial. */
  fineTuneSteps: z.number().int().positive().optional(),
});

/** How the weights are stored and why that format was chosen. */
const quantizationSchema = z.object({
  format: quantizationFormatSchema,
  /** What was asked for: a format, or `auto` (smallest format that passes the parity gate). */
  requested: quantizeModeSchema,
  /** One sentence: why this format (passed the gate, fell back, or allowed below threshold). */
  reason: z.string().min(1),
  /** The parity gate's threshold on top-1 agreement. */
  minAgreement: fraction.optional(),
  /** Float32 tensors left unquantized (fewer values than the threshold). */
  keptFloat32: z.array(z.string()).optional(),
  /** Every format measured, in the order tried. */
  tried: z.array(quantizationTrialSchema).optional(),
});

/** What the exporter measured on held-out data. */
const evaluationSchema = z.object({
  /** Dataset and split the numbers come from (e.g. `mnist` / `test`). */
  dataset: z.string().min(1),
  split: z.string().min(1),
  examples: z.number().int().nonnegative(),
  floatAccuracy: fraction,
  quantizedAccuracy: fraction,
  agreement: fraction,
  /** Accuracy per class, in `labels` order (NaN-free: a class without examples gets 0). */
  perClassAccuracy: z.array(fraction),
});

/**
 * Where an imported model came from (`source: 'imported'`): the original files as they were, and
 * how the importer decided what the manifest says about them.
 */
const provenanceSchema = z.object({
  /** The original's tfjs format (`layers-model`). */
  format: z.string().min(1),
  /** The directory it was imported from, as given to `npm run import`. */
  importedFrom: z.string().min(1),
  importedAt: z.iso.datetime(),
  /** The original's `generatedBy` / `convertedBy` stamps (e.g. `keras v2.15.0`, `TensorFlow.js Converter v4.22.0`). */
  generatedBy: z.string().optional(),
  convertedBy: z.string().optional(),
  /** The original files (model.json, weight shards, metadata.json) with their sizes and sha256. */
  files: z.array(fileEntrySchema).min(1),
  /** How the preprocessing was chosen (`--scale imagenet`, `Teachable Machine metadata.json`, …). */
  preprocessingFrom: z.string().min(1).optional(),
  /** How the output kind was decided (`softmax activation of layer "dense_1"`, `--output logits`). */
  outputFrom: z.string().min(1).optional(),
  /** Where the labels came from (`--labels`, `--labels-file labels.txt`, `metadata.json`). */
  labelsFrom: z.string().min(1).optional(),
  /** Teachable Machine's `metadata.json` fields other than the labels, when it came from there. */
  teachableMachine: z.record(z.string(), z.unknown()).optional(),
});

const manifestSchema = z.object({
  formatVersion: z.literal(FORMAT_VERSION),
  name: modelNameSchema,
  version: modelVersionSchema,
  labels: z.array(z.string().min(1)).min(2),
  input: inputSchema,
  preprocessing: preprocessingSchema,
  /** What the model's output holds: raw `logits` (the worker applies softmax) or `probabilities`. */
  output: z.enum(['logits', 'probabilities']),
  metrics: z.record(z.string(), z.number()),
  createdAt: z.iso.datetime(),
  files: z.array(fileEntrySchema).min(1),
  training: z.record(z.string(), z.unknown()).optional(),
  tfjsVersion: z.string().optional(),
  edgefuseVersion: z.string().optional(),
  quantization: quantizationSchema.optional(),
  evaluation: evaluationSchema.optional(),
  /** How the model was made: `trained` by edgefuse (also when absent, as in older manifests) or `imported`. */
  source: z.enum(['trained', 'imported']).optional(),
  /** For an imported model: the original files and how the importer read them. */
  provenance: provenanceSchema.optional(),
});

/** The manifest of a model artifact, version 1 (see `parseManifest`). */
export type ArtifactManifest = z.infer<typeof manifestSchema>;

/** One file of an artifact with its size and content hash. */
export type ArtifactFileEntry = z.infer<typeof fileEntrySchema>;

/** The manifest's record of the weight encoding and the parity gate (`manifest.quantization`). */
export type ManifestQuantization = z.infer<typeof quantizationSchema>;

/** One format the exporter tried (`manifest.quantization.tried[i]`). */
export type QuantizationTrial = z.infer<typeof quantizationTrialSchema>;

/** Held-out numbers the exporter measured (`manifest.evaluation`). */
export type ManifestEvaluation = z.infer<typeof evaluationSchema>;

/** Where an imported model came from (`manifest.provenance`). */
export type ManifestProvenance = z.infer<typeof provenanceSchema>;

/** The preprocessing parameters a manifest records. */
export type ManifestPreprocessing = z.infer<typeof preprocessingSchema>;

/** Thrown when a manifest or artifact file fails validation. */
export class ArtifactError extends Error {
  override readonly name = 'ArtifactError';
}

/**
 * Validates an untrusted value (parsed JSON) as an artifact manifest.
 *
 * The format version is checked first so an artifact from a newer edgefuse is refused with a
 * message naming both versions. Unknown fields are ignored and dropped (forward compatible), so
 * a reader built before `quantization` / `evaluation` existed still accepts newer manifests.
 *
 * @example
 * const manifest = parseManifest(JSON.parse(text));
 * manifest.labels[manifest.labels.length - 1];
 */
export function parseManifest(value: unknown): ArtifactManifest {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ArtifactError(`manifest must be a JSON object, got ${Array.isArray(value) ? 'array' : typeof value}`);
  }
  const actualVersion = (value as { formatVersion?: unknown }).formatVersion;
  if (actualVersion !== FORMAT_VERSION) {
    throw new ArtifactError(
      `unsupported manifest formatVersion: expected ${FORMAT_VERSION}, got ${JSON.stringify(actualVersion)}`,
    );
  }
  const result = manifestSchema.safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = issue?.path.length ? issue.path.join('.') : '(root)';
    throw new ArtifactError(`invalid manifest at ${where}: ${issue?.message ?? 'unknown problem'}`);
  }
  const manifest = result.data;
  const channels = manifest.input.channels;
  if (manifest.preprocessing.mean.length !== channels || manifest.preprocessing.std.length !== channels) {
    throw new ArtifactError(
      `invalid manifest: preprocessing mean/std need ${channels} values (input.channels), ` +
        `got ${manifest.preprocessing.mean.length}/${manifest.preprocessing.std.length}`,
    );
  }
  const perClass = manifest.evaluation?.perClassAccuracy;
  if (perClass !== undefined && perClass.length !== manifest.labels.length) {
    throw new ArtifactError(
      `invalid manifest: evaluation.perClassAccuracy has ${perClass.length} values, labels has ${manifest.labels.length}`,
    );
  }
  if (manifest.source === 'imported' && manifest.provenance === undefined) {
    throw new ArtifactError('invalid manifest: source "imported" needs provenance (where the model came from)');
  }
  if (!manifest.files.some((file) => file.path === MODEL_FILE)) {
    throw new ArtifactError(`invalid manifest: files must list ${MODEL_FILE}`);
  }
  return manifest;
}
