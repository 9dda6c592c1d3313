/** The raw files of one artifact, as bytes, wherever they came from (bundle, R2). */
export interface ArtifactSource {
  /** Where the bytes came from, for messages (`bundled:mnist`, `r2:models/mnist/2/`). */
  origin: string;
  /** Every file of the artifact by relative path, including `manifest.json`. */
  files: ReadonlyMap<string, Uint8Array>;
}
