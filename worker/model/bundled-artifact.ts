// The default model, bundled at build time: the weights as an ArrayBuffer (wrangler.toml's Data
// rule), model.json and manifest.json as JSON modules. tools/check-bundled-model.ts checks these
// files (schema, sizes, sha256) before every bundle (wrangler.toml's [build] command), so an
// isolate serves them as they are, with no check of its own.
import manifest from '../../models/mnist/manifest.json';
import modelJson from '../../models/mnist/model.json';
import weights from '../../models/mnist/weights.bin';
import { serializeManifestJson, serializeModelJson } from '../../shared/artifact';
import type { ArtifactSource } from '../../shared/artifact';
import { checkedModelArtifact } from '../../shared/model/read-model-artifact';
import type { BundledArtifact } from './model-registry';

const ORIGIN = 'bundled:models/mnist';

/**
 * The bundled model as the worker serves it (the fallback when no bucket is bound, and the
 * default while the bucket has no pointer for its name): its parsed JSON and weights, checked
 * when the worker was built.
 */
export function bundledModel(): BundledArtifact {
  return { artifact: checkedModelArtifact(manifest, modelJson, new Map([['weights.bin', weights]]), ORIGIN) };
}

/**
 * The same artifact as files, their bytes re-created with the serializers the trainer wrote them
 * with (so the manifest's sha256 checks them like any artifact): for tests that load, alter or
 * compare the bundled model as raw files.
 */
export function bundledArtifact(): ArtifactSource {
  return {
    origin: ORIGIN,
    files: new Map([
      ['manifest.json', serializeManifestJson(manifest)],
      ['model.json', serializeModelJson(modelJson)],
      ['weights.bin', new Uint8Array(weights)],
    ]),
  };
}
