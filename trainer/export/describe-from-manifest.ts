import type { ArtifactManifest } from '../../shared/artifact';
import type { ArtifactDescription } from './write-artifact';

/** The description to re-export a model under, taken from the manifest it was loaded with. */
export function describeFromManifest(manifest: ArtifactManifest): ArtifactDescription {
  return {
    name: manifest.name,
    version: manifest.version,
    labels: manifest.labels,
    input: manifest.input,
    preprocessing: { input: manifest.input, ...manifest.preprocessing },
    metrics: manifest.metrics,
    ...(manifest.training ? { training: manifest.training } : {}),
  };
}
