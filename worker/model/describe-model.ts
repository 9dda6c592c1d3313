import type { ArtifactManifest } from '../../shared/artifact';
import type { ModelRef } from './model-registry';

/** What the metadata routes tell about a model version: the manifest without file hashes. */
export function describeModel(ref: ModelRef, manifest: ArtifactManifest) {
  const { labels, input, preprocessing, output, metrics, createdAt } = manifest;
  return { name: ref.name, version: ref.version, source: ref.source, labels, input, preprocessing, output, metrics, createdAt };
}
