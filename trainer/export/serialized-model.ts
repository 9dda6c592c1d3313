import type { WeightSpec } from '../../shared/artifact';

/** A tfjs LayersModel as plain data: Keras topology JSON, weight specs and their bytes. */
export interface SerializedModel {
  /** Keras-style topology (`{ class_name, config, keras_version, backend }`). */
  modelTopology: Record<string, unknown>;
  /** One entry per tensor, in `weightData` order. */
  weightSpecs: WeightSpec[];
  /** The tensors' bytes, concatenated in `weightSpecs` order. */
  weightData: Uint8Array;
  /** tfjs' `generatedBy` stamp, if any. */
  generatedBy?: string;
}
