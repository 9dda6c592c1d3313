import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { MANIFEST_FILE, MODEL_FILE, modelNameSchema, versionProblem, WEIGHTS_FILE } from '../../shared/artifact';
import type { ArtifactManifest, QuantizeMode } from '../../shared/artifact';
import type { InputSpec, PreprocessSpec } from '../../shared/preprocess';
import { chooseQuantization } from '../export/choose-quantization';
import { EDGEFUSE_VERSION } from '../export/edgefuse-version';
import { prepareForInference } from '../export/prepare-for-inference';
import { serializeLayersModel } from '../export/serialize-layers-model';
import type { SerializedModel } from '../export/serialized-model';
import { writeArtifactDir } from '../export/write-artifact-dir';
import { checkWorkerKernels } from './check-worker-kernels';
import { detectOutputKind } from './detect-output-kind';
import { describeUnsupportedLayers, findUnsupportedLayers } from './find-unsupported-layers';
import { fixInputShape } from './fix-input-shape';
import { ImportError } from './import-error';
import { listTopologyLayers } from './list-topology-layers';
import { loadLayersModel } from './load-layers-model';
import { loadParityData } from './load-parity-data';
import type { ParityDataOptions } from './load-parity-data';
import { METADATA_FILE, readLayersModelDir } from './read-layers-model-dir';
import { resolveInputSpec } from './resolve-input-spec';
import { resolveLabels } from './resolve-labels';
import { resolveNormalization } from './resolve-normalization';
import { asTeachableMachineMetadata } from './teachable-machine-metadata';

/** What `npm run import` was asked to do (its flags). */
export interface ImportOptions {
  /** A tfjs LayersModel directory (model.json + weight shards [+ metadata.json]). */
  from: string;
  /** Where the artifact goes (replaced atomically; nothing is written on any error). */
  out: string;
  /** Model name (default: the name of `out`). */
  name?: string;
  version?: string;
  labels?: string;
  labelsFile?: string;
  /** `HxWxC`, for sizes the model leaves open. */
  input?: string;
  normalize?: string;
  scale?: string;
  /** `logits` or `probabilities`, when the last activation does not tell. */
  output?: string;
  /** Default: `uint8` with `parity`, `none` without. */
  quantize?: QuantizeMode;
  /** Held-out images for the parity gate (required for any format but `none`). */
  parity?: ParityDataOptions;
  minAgreement?: number;
  allowAccuracyDrop?: boolean;
}

/** What an import wrote and found. */
export interface ImportResult {
  manifest: ArtifactManifest;
  /** Layer classes of the model (nested models included), with how many of each. */
  layerClasses: Record<string, number>;
  /** Kernels one forward pass ran (all of them in workerd's wasm backend). */
  kernels: string[];
}

/** Refuses an `--out` that would destroy something that is not an earlier artifact. */
function checkOut(out: string, from: string): void {
  if (resolve(out) === resolve(from)) throw new ImportError(`--out ${out} is the --from directory; write the artifact somewhere else`);
  if (!existsSync(out)) return;
  if (!statSync(out).isDirectory()) throw new ImportError(`--out ${out} exists and is not a directory`);
  const names = readdirSync(out);
  if (names.length > 0 && !names.includes(MANIFEST_FILE)) {
    throw new ImportError(`--out ${out} exists and is not an edgefuse artifact (no ${MANIFEST_FILE}); refusing to replace it`);
  }
}

function modelNameFor(options: ImportOptions): string {
  const name = options.name ?? basename(resolve(options.out));
  const parsed = modelNameSchema.safeParse(name);
  if (parsed.success) return parsed.data;
  const rule = parsed.error.issues[0]?.message ?? 'invalid';
  throw new ImportError(options.name === undefined ? `--out ${options.out}: "${name}" cannot be the model name (${rule}); pass --name` : `--name: ${rule}`);
}

/** The serialized model to export, its input fixed when the model leaves sizes open. */
async function serializeForExport(model: tfl.LayersModel, input: InputSpec): Promise<SerializedModel> {
  const serialized = await serializeLayersModel(model);
  const shape = model.inputs[0]?.shape ?? [];
  if (shape.slice(1).every((size) => size !== null)) return serialized;
  const topology = fixInputShape(serialized.modelTopology, input);
  if (topology === undefined) throw new ImportError(`cannot fix the model's open input size to ${input.height}x${input.width}x${input.channels}: no input layer found`);
  return { ...serialized, modelTopology: topology };
}

/**
 * Imports a tfjs LayersModel directory (from `tensorflowjs_converter`, Teachable Machine, or
 * tfjs' own `model.save`) as an edgefuse artifact: checked (layers tfjs-layers can build, every
 * kernel of a forward pass in workerd's wasm backend, one image input, one output per label),
 * described (input spec, preprocessing, output kind, labels, provenance with the original files'
 * sha256) and encoded like a trained model: reduced for inference and, given held-out data,
 * quantized through the same parity gate. Throws `ImportError` for any bad input, before anything
 * is written; the artifact appears atomically.
 */
export async function importLayersModel(options: ImportOptions): Promise<ImportResult> {
  const version = options.version ?? '1';
  const badVersion = versionProblem(version);
  if (badVersion !== undefined) throw new ImportError(`--version: ${badVersion.replace(/^invalid value for "version": /, '')}`);
  const name = modelNameFor(options);
  checkOut(options.out, options.from);
  const quantize: QuantizeMode = options.quantize ?? (options.parity ? 'uint8' : 'none');
  if (quantize !== 'none' && options.parity === undefined) {
    throw new ImportError(`--quantize ${quantize} needs --data: held-out images for the parity gate (or --quantize none)`);
  }

  const source = await readLayersModelDir(options.from);
  const unsupported = findUnsupportedLayers(source.modelTopology);
  if (unsupported.length > 0) throw new ImportError(`${join(source.dir, MODEL_FILE)} has ${describeUnsupportedLayers(unsupported)}`);
  const teachableMachine = asTeachableMachineMetadata(source.metadata);
  if (teachableMachine?.packageName !== undefined && teachableMachine.packageName !== '@teachablemachine/image') {
    throw new ImportError(`${join(source.dir, METADATA_FILE)}: a ${teachableMachine.packageName} model; only image models (@teachablemachine/image) classify images`);
  }

  const model = await loadLayersModel(source);
  try {
    const [modelInput, ...moreInputs] = model.inputs;
    if (modelInput === undefined || moreInputs.length > 0) throw new ImportError(`the model has ${model.inputs.length} inputs; an image classifier has one`);
    const input = resolveInputSpec(modelInput.shape, options.input);
    const output = detectOutputKind(model, options.output);
    const outputShape = model.outputs[0]?.shape ?? [];
    const classes = outputShape.length === 2 ? outputShape[1] : null;
    if (typeof classes !== 'number') throw new ImportError(`the model's output is [${outputShape.join(', ')}]; a classifier outputs [batch, classes]`);
    const { labels, from: labelsFrom } = await resolveLabels(
      {
        labels: options.labels,
        labelsFile: options.labelsFile,
        metadata: teachableMachine ? { labels: teachableMachine.labels, from: METADATA_FILE } : undefined,
      },
      classes,
    );
    const normalization = resolveNormalization(
      { normalize: options.normalize, scale: options.scale, teachableMachine: teachableMachine !== undefined },
      input.channels,
    );
    const { kernels } = await checkWorkerKernels(model, input);

    const preprocessing: PreprocessSpec = { input, alphaBackground: 'black', antialias: true, mean: normalization.mean, std: normalization.std };
    const parity = options.parity ? await loadParityData(options.parity, input, labels, preprocessing) : undefined;
    const prepared = prepareForInference(await serializeForExport(model, input));
    const { files, quantization, evaluation } = await chooseQuantization(model, prepared.model, {
      quantize,
      parity,
      minAgreement: options.minAgreement,
      allowAccuracyDrop: options.allowAccuracyDrop,
      numClasses: labels.length,
    });
    const manifest = await writeArtifactDir(
      options.out,
      [
        [MODEL_FILE, files.modelJson],
        [WEIGHTS_FILE, files.weights],
      ],
      {
        name,
        version,
        labels,
        input,
        preprocessing: { alphaBackground: preprocessing.alphaBackground, antialias: preprocessing.antialias, mean: preprocessing.mean, std: preprocessing.std },
        output: output.kind,
        metrics: evaluation ? { floatAccuracy: evaluation.floatAccuracy, quantizedAccuracy: evaluation.quantizedAccuracy, agreement: evaluation.agreement } : {},
        createdAt: new Date().toISOString(),
        tfjsVersion: tf.version_core,
        edgefuseVersion: EDGEFUSE_VERSION,
        quantization,
        ...(evaluation ? { evaluation } : {}),
        source: 'imported',
        provenance: {
          format: 'layers-model',
          importedFrom: options.from,
          importedAt: new Date().toISOString(),
          ...(source.generatedBy === undefined ? {} : { generatedBy: source.generatedBy }),
          ...(source.convertedBy === undefined ? {} : { convertedBy: source.convertedBy }),
          files: source.files,
          preprocessingFrom: normalization.from,
          outputFrom: output.from,
          labelsFrom,
          // The labels are the manifest's own; the rest says which Teachable Machine made it.
          ...(teachableMachine ? { teachableMachine: Object.fromEntries(Object.entries(teachableMachine).filter(([key]) => key !== 'labels')) } : {}),
        },
      },
    );
    const layerClasses: Record<string, number> = {};
    for (const layer of listTopologyLayers(source.modelTopology)) layerClasses[layer.className] = (layerClasses[layer.className] ?? 0) + 1;
    return { manifest, layerClasses, kernels };
  } finally {
    model.dispose();
  }
}
