import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { MODEL_FILE, WEIGHTS_FILE } from '../../shared/artifact';
import type { ArtifactManifest } from '../../shared/artifact';
import type { InputSpec, PreprocessSpec } from '../../shared/preprocess';
import { chooseQuantization } from './choose-quantization';
import type { QuantizeMode } from '../../shared/artifact';
import type { ParityData } from './choose-quantization';
import type { FineTuneData, FineTuneOptions } from './quantization-aware-fine-tune';
import { EDGEFUSE_VERSION } from './edgefuse-version';
import { prepareForInference } from './prepare-for-inference';
import { serializeLayersModel } from './serialize-layers-model';
import { writeArtifactDir } from './write-artifact-dir';
import type { ManifestFields } from './write-artifact-dir';

export { EDGEFUSE_VERSION } from './edgefuse-version';
export { WEIGHTS_FILE } from '../../shared/artifact';

/** What the manifest says about the model besides its files. */
export interface ArtifactDescription {
  name: string;
  version: string;
  labels: string[];
  input: InputSpec;
  preprocessing: PreprocessSpec;
  metrics: Record<string, number>;
  training?: Record<string, unknown>;
}

/** How to export. Without options, `writeArtifact` writes float32 weights and measures nothing. */
export interface ExportOptions {
  /** Weight format, or `auto` (smallest that passes the parity gate). */
  quantize: QuantizeMode;
  /** Held-out data for the parity gate (and the manifest's `evaluation`); required unless `none`. */
  parity?: ParityData;
  /** Parity threshold on top-1 agreement (default 0.995). */
  minAgreement?: number;
  /** Write an explicit format even below the threshold (recorded in the manifest's reason). */
  allowAccuracyDrop?: boolean;
  /** Tensors with fewer values stay float32 (default 128). */
  minQuantizeElements?: number;
  /** Training data for the quantization-aware fine-tune uint8 may need (never the parity split). */
  training?: FineTuneData;
  /** Its length and learning rate (default `DEFAULT_FINE_TUNE`). */
  fineTune?: FineTuneOptions;
}

/** The manifest fields `description` determines. */
export function describedFields(description: ArtifactDescription): ManifestFields {
  const { input, orientation, alphaBackground, antialias, mean, std } = { ...description.preprocessing };
  return {
    name: description.name,
    version: description.version,
    labels: description.labels,
    input,
    preprocessing: { ...(orientation === undefined ? {} : { orientation }), alphaBackground, antialias, mean, std },
    output: 'logits',
    metrics: description.metrics,
    createdAt: new Date().toISOString(),
    ...(description.training ? { training: description.training } : {}),
    tfjsVersion: tf.version_core,
    edgefuseVersion: EDGEFUSE_VERSION,
  };
}

/**
 * Exports a trained model as a serving artifact (model.json, weights.bin, manifest.json) in
 * `outDir`: reduces it to what inference needs (`prepareForInference`: BN folded, dropout and
 * training settings dropped), encodes the weights as asked, and, given held-out data, runs the
 * parity gate (`chooseQuantization`) and records float/quantized accuracy, agreement and
 * per-class accuracy in the manifest. Throws `ParityError` (nothing written) when the gate
 * refuses. Written atomically through a staging directory. Returns the manifest written.
 */
export async function writeArtifact(
  model: tfl.LayersModel,
  description: ArtifactDescription,
  outDir: string,
  options: ExportOptions = { quantize: 'none' },
): Promise<ArtifactManifest> {
  const prepared = prepareForInference(await serializeLayersModel(model));
  const { files, quantization, evaluation } = await chooseQuantization(model, prepared.model, {
    ...options,
    numClasses: description.labels.length,
  });
  const fields = describedFields(description);
  return writeArtifactDir(
    outDir,
    [
      [MODEL_FILE, files.modelJson],
      [WEIGHTS_FILE, files.weights],
    ],
    {
      ...fields,
      metrics: {
        ...fields.metrics,
        ...(evaluation
          ? { floatAccuracy: evaluation.floatAccuracy, quantizedAccuracy: evaluation.quantizedAccuracy, agreement: evaluation.agreement }
          : {}),
      },
      quantization,
      ...(evaluation ? { evaluation } : {}),
    },
  );
}
