import type * as tfl from '@tensorflow/tfjs-layers';
import type { ManifestEvaluation, ManifestQuantization, QuantizationFormat, QuantizationTrial, QuantizeMode } from '../../shared/artifact';
import type { PreprocessSpec } from '../../shared/preprocess';
import type { DatasetSplit } from '../data/dataset';
import { evaluate } from '../train/evaluate';
import { chooseWeightRanges } from './choose-weight-ranges';
import type { WeightRanges } from './choose-weight-ranges';
import { encodeModelFiles } from './encode-model-files';
import type { EncodedModelFiles } from './encode-model-files';
import { loadEncodedModel } from './load-encoded-model';
import { ParityError } from './parity-error';
import { perClassAccuracy } from './per-class-accuracy';
import { DEFAULT_FINE_TUNE, fineTuneForQuantization } from './quantization-aware-fine-tune';
import type { FineTuneData, FineTuneOptions } from './quantization-aware-fine-tune';
import type { SerializedModel } from './serialized-model';

/** What `auto` tries, smallest first; `none` (float32) always passes. */
export const AUTO_FORMAT_ORDER: readonly QuantizationFormat[] = ['uint8', 'uint16', 'float16', 'none'];

/** Default parity threshold: top-1 agreement with the float model on the held-out set. */
export const DEFAULT_MIN_AGREEMENT = 0.995;

/** Held-out data the parity gate measures on. */
export interface ParityData {
  /** Dataset and split names for the manifest (`mnist`, `test`). */
  dataset: string;
  split: string;
  data: DatasetSplit;
  /** How `data`'s 8-bit pixels become model input (the manifest's preprocessing). */
  preprocessing: PreprocessSpec;
}

/** How `chooseQuantization` decides. */
export interface ChooseQuantizationOptions {
  quantize: QuantizeMode;
  /** Held-out data; required for any format but `none`. */
  parity?: ParityData;
  /** Default `DEFAULT_MIN_AGREEMENT`. */
  minAgreement?: number;
  /** Write an explicitly requested format even below `minAgreement` (no effect with `auto`). */
  allowAccuracyDrop?: boolean;
  numClasses: number;
  /** Tensors with fewer values stay float32 (see `quantizeWeightData`). */
  minQuantizeElements?: number;
  /**
   * Training data for a quantization-aware fine-tune, tried when uint8 with error-minimizing
   * ranges alone fails the gate. Without it, that trial is skipped.
   */
  training?: FineTuneData;
  /** Default `DEFAULT_FINE_TUNE`. */
  fineTune?: FineTuneOptions;
}

/** The files to write and what the manifest says about them. */
export interface QuantizationChoice {
  files: EncodedModelFiles;
  quantization: ManifestQuantization;
  evaluation?: ManifestEvaluation;
}

/** One way of encoding the weights that the gate measures. */
interface Candidate {
  format: QuantizationFormat;
  /** uint8 only: error-minimizing ranges, and whether to fine-tune through them first. */
  mse?: boolean;
  fineTune?: boolean;
}

const percent = (value: number) => `${(value * 100).toFixed(2)}%`;

/** The encodings to measure, in order: uint8 with min/max ranges (as tfjs' converter), with chosen ranges, then fine-tuned. */
function candidatesFor(quantize: QuantizeMode, canFineTune: boolean): Candidate[] {
  const uint8: Candidate[] = [
    { format: 'uint8' },
    { format: 'uint8', mse: true },
    ...(canFineTune ? [{ format: 'uint8' as const, mse: true, fineTune: true }] : []),
  ];
  if (quantize === 'uint8') return uint8;
  if (quantize !== 'auto') return [{ format: quantize }];
  return [...uint8, ...AUTO_FORMAT_ORDER.filter((format) => format !== 'uint8').map((format) => ({ format }))];
}

function describeTrial(trial: QuantizationTrial): string {
  const how = trial.fineTuneSteps ? ` + ${trial.fineTuneSteps}-step quantization-aware fine-tune` : trial.ranges === 'mse' ? ' (error-minimizing ranges)' : '';
  return `${trial.format}${how} ${percent(trial.agreement)}`;
}

/**
 * The parity gate. Encodes `prepared` in each candidate format, loads it back with stock tfjs,
 * runs it over the held-out split and compares its top-1 with `floatModel`'s. The first candidate
 * whose agreement reaches `minAgreement` is chosen. uint8 is tried with min/max ranges (what
 * tfjs' converter writes), with each tensor's range chosen to minimize its quantization error
 * (`mseRange`), then, given training data, after a short
 * quantization-aware fine-tune (`fineTuneForQuantization`); `auto` then falls back uint16 →
 * float16 → none (which always passes). An explicit format below the threshold throws
 * `ParityError` unless `allowAccuracyDrop`. Every trial is recorded (`quantization.tried`).
 */
export async function chooseQuantization(
  floatModel: tfl.LayersModel,
  prepared: SerializedModel,
  options: ChooseQuantizationOptions,
): Promise<QuantizationChoice> {
  const { quantize, parity } = options;
  const minAgreement = options.minAgreement ?? DEFAULT_MIN_AGREEMENT;
  if (parity === undefined) {
    if (quantize !== 'none') throw new Error(`--quantize ${quantize} needs held-out data for the parity gate`);
    return {
      files: encodeModelFiles(prepared, 'none'),
      quantization: { format: 'none', requested: 'none', reason: 'float32 requested; no held-out data, nothing measured' },
    };
  }
  const reference = await evaluate(floatModel, parity.data, parity.preprocessing); // float32, as trained
  const where = `${parity.dataset}/${parity.split} (${parity.data.count} examples)`;
  const fineTune = options.fineTune ?? DEFAULT_FINE_TUNE;
  const tried: QuantizationTrial[] = [];
  let ranges: WeightRanges | undefined;
  let last: { files: EncodedModelFiles; accuracy: number; agreement: number; predictions: Int32Array } | undefined;
  for (const candidate of candidatesFor(quantize, options.training !== undefined && options.training.data.count > 0)) {
    let source = prepared;
    let candidateRanges: WeightRanges | undefined;
    if (candidate.mse === true && candidate.format === 'uint8') {
      ranges ??= chooseWeightRanges(prepared, 'uint8', options.minQuantizeElements);
      candidateRanges = ranges;
      if (candidate.fineTune === true && options.training !== undefined) {
        source = await fineTuneForQuantization(floatModel, prepared, 'uint8', ranges, options.training, fineTune);
      }
    }
    const files = encodeModelFiles(source, candidate.format, options.minQuantizeElements, candidateRanges);
    const loaded = await loadEncodedModel(files);
    const result = await evaluate(loaded, parity.data, parity.preprocessing).finally(() => loaded.dispose());
    let agreeing = 0;
    result.predictions.forEach((label, index) => {
      if (label === reference.predictions[index]) agreeing++;
    });
    const agreement = parity.data.count === 0 ? 1 : agreeing / parity.data.count;
    const accepted = agreement >= minAgreement;
    tried.push({
      format: candidate.format,
      agreement,
      accuracy: result.accuracy,
      weightBytes: files.weights.byteLength,
      accepted,
      ...(candidate.format === 'uint8' || candidate.format === 'uint16' ? { ranges: candidateRanges ? ('mse' as const) : ('minmax' as const) } : {}),
      ...(candidate.fineTune === true ? { fineTuneSteps: fineTune.steps } : {}),
    });
    last = { files, accuracy: result.accuracy, agreement, predictions: result.predictions };
    if (accepted) break;
  }
  if (last === undefined) throw new Error('chooseQuantization: no format to try');
  const summary = tried.map(describeTrial).join(', ');
  const chosen = tried[tried.length - 1];
  let reason: string;
  if (chosen?.accepted === true) {
    reason =
      quantize === 'auto'
        ? `auto: ${last.files.format} is the smallest format with top-1 agreement ≥ ${percent(minAgreement)} on ${where} (tried ${summary})`
        : `${quantize} requested; top-1 agreement ${percent(last.agreement)} ≥ ${percent(minAgreement)} on ${where} (tried ${summary})`;
  } else if (options.allowAccuracyDrop === true && quantize !== 'auto') {
    reason = `${quantize} requested; top-1 agreement ${percent(last.agreement)} < ${percent(minAgreement)} on ${where}, written anyway (allowAccuracyDrop; tried ${summary})`;
  } else {
    throw new ParityError(
      `${quantize} export refused: top-1 agreement with the float model is ${percent(last.agreement)} on ${where}, ` +
        `below ${percent(minAgreement)} (float accuracy ${percent(reference.accuracy)}, tried ${summary}); ` +
        'use --quantize auto to fall back to a wider format, or --allow-accuracy-drop to write it anyway',
    );
  }
  return {
    files: last.files,
    quantization: {
      format: last.files.format,
      requested: quantize,
      reason,
      minAgreement,
      ...(last.files.keptFloat32.length > 0 ? { keptFloat32: last.files.keptFloat32 } : {}),
      tried,
    },
    evaluation: {
      dataset: parity.dataset,
      split: parity.split,
      examples: parity.data.count,
      floatAccuracy: reference.accuracy,
      quantizedAccuracy: last.accuracy,
      agreement: last.agreement,
      perClassAccuracy: perClassAccuracy(parity.data.targets, last.predictions, options.numClasses),
    },
  };
}
