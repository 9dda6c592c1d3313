import { quantizeWeightData, serializeModelJson, WEIGHTS_FILE } from '../../shared/artifact';
import type { QuantizationFormat } from '../../shared/artifact';
import type { SerializedModel } from './serialized-model';

/** A model's `model.json` and `weights.bin` bytes in one weight format. */
export interface EncodedModelFiles {
  format: QuantizationFormat;
  modelJson: Uint8Array;
  weights: Uint8Array;
  /** Float32 tensors left unquantized because they are small. */
  keptFloat32: string[];
}

/**
 * Encodes a serialized model as tfjs `model.json` (topology + weights manifest with per-tensor
 * `quantization`) and one weights buffer, loadable by stock `tf.loadLayersModel`. `ranges`
 * (uint8/uint16) sets the range each named tensor is quantized over instead of its min/max.
 */
export function encodeModelFiles(
  model: SerializedModel,
  format: QuantizationFormat,
  minElements?: number,
  ranges?: ReadonlyMap<string, { min: number; max: number }>,
): EncodedModelFiles {
  const { specs, data, keptFloat32 } = quantizeWeightData(model.weightSpecs, model.weightData, format, {
    ...(minElements === undefined ? {} : { minElements }),
    ...(ranges === undefined ? {} : { ranges }),
  });
  const modelJson = {
    format: 'layers-model',
    ...(model.generatedBy === undefined ? {} : { generatedBy: model.generatedBy }),
    convertedBy: 'edgefuse',
    modelTopology: model.modelTopology,
    weightsManifest: [{ paths: [WEIGHTS_FILE], weights: specs }],
  };
  return { format, modelJson: serializeModelJson(modelJson), weights: data, keptFloat32 };
}
