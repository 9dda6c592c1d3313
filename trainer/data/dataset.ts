import type { InputSpec, PreprocessSpec } from '../../shared/preprocess';

/**
 * One split of a dataset, prepared: 8-bit pixels exactly as `shared/preprocess` `preparePixels`
 * produced them (the worker computes the same bytes per request), normalized per batch.
 */
export interface DatasetSplit {
  /** [count, height, width, channels] prepared 8-bit pixels. */
  pixels: Uint8Array;
  /** [count] class index per image. */
  targets: Uint8Array;
  count: number;
  /** Where each example came from (file path, or `file#index` for IDX), for reports. */
  sources?: readonly string[];
}

/** A labelled image dataset, ready to batch. */
export interface Dataset {
  name: string;
  labels: string[];
  input: InputSpec;
  preprocessing: PreprocessSpec;
  train: DatasetSplit;
  /** Held out of the training data (`carveValidation`): chooses epochs and stops early. Absent = none. */
  validation?: DatasetSplit;
  /** Read once, at the end: the reported accuracy and the export's parity gate. */
  test: DatasetSplit;
  /** Files that could not be read or decoded, skipped. */
  skipped: readonly { path: string; reason: string }[];
  /** True when the prepared cache was reused instead of decoding the sources again. */
  cacheHit: boolean;
}
