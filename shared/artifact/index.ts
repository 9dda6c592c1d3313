export { ArtifactError, FORMAT_VERSION, MANIFEST_FILE, MODEL_FILE, parseManifest, WEIGHTS_FILE } from './manifest';
export type {
  ArtifactFileEntry,
  ArtifactManifest,
  ManifestEvaluation,
  ManifestPreprocessing,
  ManifestProvenance,
  ManifestQuantization,
  QuantizationTrial,
} from './manifest';
export { decodeFloat16 } from './decode-float16';
export { encodeFloat16 } from './encode-float16';
export { quantizeAffine } from './quantize-affine';
export type { AffineQuantized } from './quantize-affine';
export { DEFAULT_MIN_QUANTIZE_ELEMENTS, quantizeWeightData } from './quantize-weight-data';
export type { QuantizedWeightData, QuantizeWeightDataOptions, WeightSpec } from './quantize-weight-data';
export { sha256Hex } from './sha256-hex';
export { topK } from './top-k';
export type { Prediction } from './top-k';
export { verifyArtifactFiles } from './verify-artifact-files';
export type { ArtifactSource } from './artifact-source';
export { serializeManifestJson, serializeModelJson } from './serialize-json';
export {
  artifactFileKey,
  MODELS_PREFIX,
  modelPrefix,
  pointerKey,
  pointerSchema,
  serializePointer,
} from './registry-keys';
export {
  MODEL_NAME_PATTERN,
  MODEL_NAME_RULE,
  MODEL_VERSION_PATTERN,
  MODEL_VERSION_RULE,
  modelNameSchema,
  modelVersionSchema,
  QUANTIZATION_FORMATS,
  QUANTIZE_MODES,
  quantizationFormatSchema,
  quantizeModeSchema,
  versionProblem,
} from './model-contract';
export type { QuantizationFormat, QuantizeMode } from './model-contract';
