import { ArtifactError } from './manifest';
import type { ArtifactManifest } from './manifest';
import { sha256Hex } from './sha256-hex';

/**
 * Checks that every file the manifest lists is present with the recorded size and sha256.
 * Throws `ArtifactError` naming the first file that is missing, truncated or altered.
 *
 * @example
 * await verifyArtifactFiles(manifest, new Map([['model.json', modelBytes], ['weights.bin', weightBytes]]));
 */
export async function verifyArtifactFiles(
  manifest: ArtifactManifest,
  files: ReadonlyMap<string, Uint8Array>,
): Promise<void> {
  for (const entry of manifest.files) {
    const bytes = files.get(entry.path);
    if (bytes === undefined) {
      throw new ArtifactError(`artifact file ${entry.path} is missing`);
    }
    if (bytes.byteLength !== entry.bytes) {
      throw new ArtifactError(`artifact file ${entry.path} has ${bytes.byteLength} bytes, manifest says ${entry.bytes}`);
    }
    const actual = await sha256Hex(bytes);
    if (actual !== entry.sha256) {
      throw new ArtifactError(`artifact file ${entry.path} sha256 is ${actual}, manifest says ${entry.sha256}`);
    }
  }
}
