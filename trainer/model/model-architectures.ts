/** Architectures of the model zoo (see `createModel`). */
export const MODEL_ARCHITECTURES = ['cnn-small', 'cnn-compact', 'cnn-3conv'] as const;

/** One of `MODEL_ARCHITECTURES`. */
export type ModelArchitecture = (typeof MODEL_ARCHITECTURES)[number];
