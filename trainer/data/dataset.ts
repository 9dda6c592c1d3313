import type { InputSpec, PreprocessSpec } from '../../shared/preprocess';

/** One split of a dataset, preprocessed: images `[count, h, w, c]` float32 and class indices. */
export interface DatasetSplit {
  /** [count, height, width, channels], values as `shared/preprocess` produced them. */
  images: Float32Array;
  /** [count] class index per image. */
  targets: Uint8Array;
  count: number;
}

/** A labelled image dataset, ready to batch. */
export interface Dataset {
  name: string;
  labels: string[];
  input: InputSpec;
  preprocessing: PreprocessSpec;
  train: DatasetSplit;
  test: DatasetSplit;
}
