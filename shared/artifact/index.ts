export { ArtifactError, FORMAT_VERSION, MANIFEST_FILE, MODEL_FILE, parseManifest } from './manifest';
export type { ArtifactFileEntry, ArtifactManifest, ManifestPreprocessing } from './manifest';
export { sha256Hex } from './sha256-hex';
export { topK } from './top-k';
export type { Prediction } from './top-k';
export { verifyArtifactFiles } from './verify-artifact-files';
export type { ArtifactSource } from './artifact-source';
export { serializeManifestJson, serializeModelJson } from './serialize-json';
