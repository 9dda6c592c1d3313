import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { MODEL_FILE, sha256Hex } from '../../shared/artifact';
import type { ArtifactFileEntry, WeightSpec } from '../../shared/artifact';
import { ImportError } from './import-error';

/** Teachable Machine's (and other tools') sidecar file with the labels. */
export const METADATA_FILE = 'metadata.json';

/** A tfjs LayersModel directory as read from disk, checked but not yet loaded. */
export interface LayersModelDir {
  dir: string;
  /** `modelTopology` of model.json as written (Keras converters wrap it in `model_config`). */
  modelTopology: Record<string, unknown>;
  /** Every weight of every group, in file order. */
  weightSpecs: WeightSpec[];
  /** The shards' bytes, concatenated in `weightSpecs` order. */
  weightData: Uint8Array;
  generatedBy?: string;
  convertedBy?: string;
  /** model.json, each shard and metadata.json (when present), with size and sha256. */
  files: ArtifactFileEntry[];
  /** metadata.json parsed, when the directory has one. */
  metadata?: unknown;
}

const quantizationSchema = z.object({
  dtype: z.enum(['uint8', 'uint16', 'float16']),
  min: z.number().optional(),
  scale: z.number().optional(),
  original_dtype: z.string().optional(),
});

const weightSpecSchema = z.object({
  name: z.string().min(1),
  shape: z.array(z.number().int().nonnegative()),
  dtype: z.enum(['float32', 'int32', 'bool']),
  quantization: quantizationSchema.optional(),
});

const weightsManifestSchema = z.array(z.object({ paths: z.array(z.string().min(1)).min(1), weights: z.array(weightSpecSchema) })).min(1);

const BYTES_PER_VALUE: Record<string, number> = { float32: 4, int32: 4, bool: 1, uint8: 1, uint16: 2, float16: 2 };

/** Bytes `spec` takes in its file (its quantized dtype when quantized). */
function storedBytes(spec: z.infer<typeof weightSpecSchema>): number {
  const values = spec.shape.reduce((total, size) => total * size, 1);
  return values * (BYTES_PER_VALUE[spec.quantization?.dtype ?? spec.dtype] ?? 4);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** What the directory holds instead of model.json, as a hint (a Keras file, a SavedModel). */
function conversionHint(names: readonly string[]): string {
  if (names.some((name) => /\.(h5|keras)$/i.test(name))) {
    return ': it holds a Keras file; convert it first with tensorflowjs_converter --input_format keras --output_format tfjs_layers_model';
  }
  if (names.includes('saved_model.pb')) {
    return ': it holds a SavedModel; convert the Keras model it came from with tensorflowjs_converter --input_format keras_saved_model --output_format tfjs_layers_model';
  }
  return ' (a tfjs LayersModel directory holds model.json and its weight shards)';
}

async function readJson(path: string): Promise<{ bytes: Uint8Array; value: unknown }> {
  const bytes = new Uint8Array(await readFile(path));
  try {
    return { bytes, value: JSON.parse(new TextDecoder().decode(bytes)) };
  } catch {
    throw new ImportError(`${path} is not valid JSON`);
  }
}

/** True for a model.json written for tfjs' GraphModel (converted SavedModel / frozen graph / TF Hub module). */
function isGraphModel(modelJson: Record<string, unknown>): boolean {
  const topology = modelJson.modelTopology;
  return modelJson.format === 'graph-model' || (isRecord(topology) && Array.isArray(topology.node));
}

/**
 * Reads and checks a tfjs LayersModel directory: model.json is a LayersModel (a GraphModel is
 * refused with how to convert instead), every weight shard it lists is there, and the shards
 * hold exactly the bytes its weights manifest needs. Throws `ImportError` naming the file.
 */
export async function readLayersModelDir(dir: string): Promise<LayersModelDir> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (error) {
    throw new ImportError(`--from ${dir}: cannot read the directory (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  if (!names.includes(MODEL_FILE)) throw new ImportError(`--from ${dir}: no ${MODEL_FILE}${conversionHint(names)}`);
  const modelPath = join(dir, MODEL_FILE);
  const { bytes: modelBytes, value: modelJson } = await readJson(modelPath);
  if (!isRecord(modelJson)) throw new ImportError(`${modelPath} is not a tfjs model.json (expected a JSON object)`);
  if (isGraphModel(modelJson)) {
    throw new ImportError(
      `${modelPath} is a tfjs GraphModel, which edgefuse cannot serve or fine-tune: convert the Keras model instead, ` +
        'with tensorflowjs_converter --input_format keras (or keras_saved_model) --output_format tfjs_layers_model',
    );
  }
  const topology = modelJson.modelTopology;
  if (!isRecord(topology)) throw new ImportError(`${modelPath} is not a tfjs LayersModel: it has no modelTopology`);
  const manifest = weightsManifestSchema.safeParse(modelJson.weightsManifest);
  if (!manifest.success) {
    const issue = manifest.error.issues[0];
    throw new ImportError(`${modelPath} has no usable weightsManifest (at ${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'})`);
  }

  const files: ArtifactFileEntry[] = [{ path: MODEL_FILE, bytes: modelBytes.byteLength, sha256: await sha256Hex(modelBytes) }];
  const chunks: Uint8Array[] = [];
  for (const group of manifest.data) {
    const groupChunks: Uint8Array[] = [];
    for (const path of group.paths) {
      if (path.startsWith('/') || path.split(/[\\/]/).includes('..')) {
        throw new ImportError(`${modelPath} lists weight file ${path}, which is outside ${dir}`);
      }
      const bytes = await readFile(join(dir, path)).then(
        (buffer) => new Uint8Array(buffer),
        (error: unknown) => {
          const code = (error as NodeJS.ErrnoException).code;
          if (code === 'ENOENT') throw new ImportError(`${modelPath} lists weight file ${path}, which is missing from ${dir}`);
          throw new ImportError(`${join(dir, path)}: cannot read it (${code ?? String(error)})`);
        },
      );
      files.push({ path, bytes: bytes.byteLength, sha256: await sha256Hex(bytes) });
      groupChunks.push(bytes);
    }
    const held = groupChunks.reduce((total, chunk) => total + chunk.byteLength, 0);
    const needed = group.weights.reduce((total, spec) => total + storedBytes(spec), 0);
    if (held !== needed) {
      throw new ImportError(
        `${group.paths.join(', ')} in ${dir} hold ${held} bytes, but ${MODEL_FILE} describes ${needed} bytes of weights ` +
          '(a shard is truncated, missing or from another model)',
      );
    }
    chunks.push(...groupChunks);
  }
  const weightData = new Uint8Array(chunks.reduce((total, chunk) => total + chunk.byteLength, 0));
  let offset = 0;
  for (const chunk of chunks) {
    weightData.set(chunk, offset);
    offset += chunk.byteLength;
  }

  let metadata: unknown;
  if (names.includes(METADATA_FILE)) {
    const read = await readJson(join(dir, METADATA_FILE));
    metadata = read.value;
    files.push({ path: METADATA_FILE, bytes: read.bytes.byteLength, sha256: await sha256Hex(read.bytes) });
  }
  return {
    dir,
    modelTopology: topology,
    weightSpecs: manifest.data.flatMap((group) =>
      group.weights.map((spec) => ({
        name: spec.name,
        shape: spec.shape,
        dtype: spec.dtype,
        ...(spec.quantization ? { quantization: spec.quantization } : {}),
      })),
    ),
    weightData,
    ...(typeof modelJson.generatedBy === 'string' ? { generatedBy: modelJson.generatedBy } : {}),
    ...(typeof modelJson.convertedBy === 'string' ? { convertedBy: modelJson.convertedBy } : {}),
    files,
    ...(metadata === undefined ? {} : { metadata }),
  };
}
