/** Architectures of the model zoo (see `createModel`). */
export const MODEL_ARCHITECTURES = ['cnn-3conv', 'cnn-small', 'cnn-compact', 'mobilenet-tiny', 'mobilenet-v2'] as const;

/** One of `MODEL_ARCHITECTURES`. */
export type ModelArchitecture = (typeof MODEL_ARCHITECTURES)[number];
