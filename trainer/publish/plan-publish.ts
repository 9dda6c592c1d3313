import { ArtifactError, MANIFEST_FILE, parseManifest, serializeManifestJson, verifyArtifactFiles } from '../../shared/artifact';
import type { ArtifactSource } from '../../shared/artifact';
import { versionProblem } from '../../shared/artifact/model-contract';
import { artifactFileKey, pointerKey, serializePointer } from '../../shared/artifact/registry-keys';

/** One object to put into the bucket. */
export interface PublishObject {
  key: string;
  bytes: Uint8Array;
  contentType: string;
}

/** What `npm run publish` uploads, in order: the artifact files, its manifest, then the pointer. */
export interface PublishPlan {
  name: string;
  version: string;
  objects: PublishObject[];
}

/** Options for `planPublish`. */
export interface PublishOptions {
  /** Publish under this version instead of the manifest's (the manifest is rewritten to match). */
  version?: string | undefined;
  /** Also write `models/<name>/current.json` naming this version. */
  activate: boolean;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function contentTypeOf(path: string): string {
  return path.endsWith('.json') ? 'application/json' : 'application/octet-stream';
}

/**
 * Verifies an artifact (manifest schema, every file's size and sha256) and lists the objects to
 * upload. Only files the manifest lists are uploaded (no report.json); the manifest goes after
 * the files it describes and the pointer last, so a reader never sees a version half-uploaded.
 * Throws `ArtifactError` for a broken artifact or an unusable version.
 */
export async function planPublish(source: ArtifactSource, options: PublishOptions): Promise<PublishPlan> {
  const manifestBytes = source.files.get(MANIFEST_FILE);
  if (manifestBytes === undefined) throw new ArtifactError(`${source.origin}: ${MANIFEST_FILE} is missing`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder().decode(manifestBytes));
  } catch {
    throw new ArtifactError(`${source.origin}: ${MANIFEST_FILE} is not valid JSON`);
  }
  const manifest = parseManifest(parsed);
  await verifyArtifactFiles(manifest, source.files);

  const version = options.version ?? manifest.version;
  const problem = versionProblem(version);
  if (problem !== undefined) throw new ArtifactError(problem);
  // The worker checks that the manifest names the key it is stored under. Every field is kept
  // (parseManifest's output would drop ones this build does not know).
  const publishedManifest = version === manifest.version ? manifestBytes : serializeManifestJson({ ...(isRecord(parsed) ? parsed : {}), version });
  const objects: PublishObject[] = manifest.files
    .filter((file) => file.path !== MANIFEST_FILE)
    .map((file) => ({
      key: artifactFileKey(manifest.name, version, file.path),
      // verifyArtifactFiles has checked that every listed file is present.
      bytes: source.files.get(file.path) ?? new Uint8Array(),
      contentType: contentTypeOf(file.path),
    }));
  objects.push({ key: artifactFileKey(manifest.name, version, MANIFEST_FILE), bytes: publishedManifest, contentType: 'application/json' });
  if (options.activate) {
    objects.push({ key: pointerKey(manifest.name), bytes: new TextEncoder().encode(serializePointer(version)), contentType: 'application/json' });
  }
  return { name: manifest.name, version, objects };
}
