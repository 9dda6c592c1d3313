// The default model, bundled at build time: the weights as an ArrayBuffer (wrangler.toml's Data
// rule), model.json and manifest.json as JSON modules. Their bytes are re-created with the same
// serializers the trainer wrote them with, so the manifest's sha256 checks them like any artifact.
import manifest from '../../models/mnist/manifest.json';
import modelJson from '../../models/mnist/model.json';
import weights from '../../models/mnist/weights.bin';
import { serializeManifestJson, serializeModelJson } from '../../shared/artifact';
import type { ArtifactSource } from '../../shared/artifact';

/** The artifact bundled into the worker (`models/mnist/`), the fallback when no registry is bound. */
export function bundledArtifact(): ArtifactSource {
  return {
    origin: 'bundled:models/mnist',
    files: new Map([
      ['manifest.json', serializeManifestJson(manifest)],
      ['model.json', serializeModelJson(modelJson)],
      ['weights.bin', new Uint8Array(weights)],
    ]),
  };
}
