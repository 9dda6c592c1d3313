import type { ProvidedFile } from './provided-context';

/**
 * A model built and trained "elsewhere" (tfjs-layers' Keras API), imported in Node by the global
 * setup, or one edgefuse trained on such a model as its backbone.
 */
export interface ProvidedImportedModel {
  /** The name it was imported under (also its R2 name in the tests). */
  name: string;
  /** The artifact `npm run import` wrote. */
  files: ProvidedFile[];
  /** The original model's class probabilities for each digit fixture (before import; absent when edgefuse trained it). */
  originalScores?: number[][];
  /** The artifact's probabilities for each test image (digit fixtures; shape images for a backbone model), in Node through the worker's loader. */
  nodeScores: number[][];
}

declare module 'vitest' {
  export interface ProvidedContext {
    importedModels: ProvidedImportedModel[];
  }
}
