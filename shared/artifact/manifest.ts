import { z } from 'zod';

/** The artifact format this build writes and reads. */
export const FORMAT_VERSION = 1;

/** File name of the manifest inside an artifact directory. */
export const MANIFEST_FILE = 'manifest.json';

/** File name of the tfjs LayersModel topology + weights manifest inside an artifact directory. */
export const MODEL_FILE = 'model.json';

const positiveInt = z.number().int().positive();

const inputSchema = z.object({
  height: positiveInt,
  width: positiveInt,
  channels: z.union([z.literal(1), z.literal(3)]),
});

const preprocessingSchema = z.object({
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

const manifestSchema = z.object({
  formatVersion: z.literal(FORMAT_VERSION),
  name: z.string().regex(/^[a-z0-9][a-z0-9._-]{0,63}$/, 'must be lowercase letters, digits, ".", "_" or "-"'),
  version: z.string().min(1).max(64),
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
});

/** The manifest of a model artifact, version 1 (see `parseManifest`). */
export type ArtifactManifest = z.infer<typeof manifestSchema>;

/** One file of an artifact with its size and content hash. */
export type ArtifactFileEntry = z.infer<typeof fileEntrySchema>;

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
 * message naming both versions. Unknown optional fields are ignored (forward compatible).
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
  if (!manifest.files.some((file) => file.path === MODEL_FILE)) {
    throw new ArtifactError(`invalid manifest: files must list ${MODEL_FILE}`);
  }
  return manifest;
}
