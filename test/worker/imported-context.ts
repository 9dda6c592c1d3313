import type { ProvidedFile } from './provided-context';

/** A model built and trained "elsewhere" (tfjs-layers' Keras API), imported in Node by the global setup. */
export interface ProvidedImportedModel {
  /** The name it was imported under (also its R2 name in the tests). */
  name: string;
  /** The artifact `npm run import` wrote. */
  files: ProvidedFile[];
  /** The original model's class probabilities for each digit fixture (before import). */
  originalScores: number[][];
  /** The imported artifact's probabilities for each digit fixture, in Node through the worker's loader. */
  nodeScores: number[][];
}

declare module 'vitest' {
  export interface ProvidedContext {
    importedModels: ProvidedImportedModel[];
  }
}
