import type { ArtifactManifest } from '../../shared/artifact';

/** How a served model runs: a compiled kernel chain, or tfjs-layers for what the compiler does not cover. */
export type ModelRunner = 'kernels' | 'layers';

/** A model the worker serves: its manifest and one way to run a batch through it. */
export interface ServingModel {
  manifest: ArtifactManifest;
  origin: string;
  runner: ModelRunner;
  /** Weight values (tfjs keeps each as float32 in memory, whatever the file's encoding). */
  paramCount: number;
  /**
   * Pixels `[count, h, w, c]` (row-major float32) → the model's output `[count, classes]`, as its
   * last layer computes it (logits or probabilities, as the manifest says).
   */
  predict(batch: Float32Array, count: number): Float32Array;
  /** Frees the weights. */
  dispose(): void;
}
