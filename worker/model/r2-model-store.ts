import { ArtifactError, MANIFEST_FILE, parseManifest } from '../../shared/artifact';
import type { ArtifactManifest, ArtifactSource } from '../../shared/artifact';
import { artifactFileKey, MODELS_PREFIX, modelPrefix, pointerKey, pointerSchema } from '../../shared/artifact/registry-keys';

/** Reads published models from an R2 bucket (layout: `shared/artifact/registry-keys.ts`). */
export interface R2ModelStore {
  /** The version `current.json` names, or `undefined` when the model has no pointer. */
  readPointer(name: string): Promise<string | undefined>;
  /** The parsed manifest of one version, or `undefined` when that version is not in the bucket. */
  readManifest(name: string, version: string): Promise<ArtifactManifest | undefined>;
  /** Every file the manifest lists, plus the manifest itself, as an `ArtifactSource`. */
  readArtifact(name: string, version: string, manifest: ArtifactManifest): Promise<ArtifactSource>;
  /** Whether the bucket has any object under `models/<name>/`. */
  hasModel(name: string): Promise<boolean>;
  /** Every model in the bucket with the versions it has (sorted), by name. */
  listModels(): Promise<Map<string, string[]>>;
}

async function listPrefixes(bucket: R2Bucket, prefix: string): Promise<string[]> {
  const prefixes: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await bucket.list({ prefix, delimiter: '/', ...(cursor === undefined ? {} : { cursor }) });
    prefixes.push(...page.delimitedPrefixes);
    cursor = page.truncated ? page.cursor : undefined;
  } while (cursor !== undefined);
  // 'models/mnist/2/' → '2'
  return prefixes.map((child) => child.slice(prefix.length, -1)).filter((segment) => segment !== '');
}

async function readJson(object: R2ObjectBody, what: string): Promise<unknown> {
  try {
    return JSON.parse(await object.text());
  } catch {
    throw new ArtifactError(`${what} is not valid JSON`);
  }
}

/** A store over `bucket`. Reads are not cached here; the registry decides what to cache. */
export function createR2ModelStore(bucket: R2Bucket): R2ModelStore {
  return {
    async readPointer(name) {
      const object = await bucket.get(pointerKey(name));
      if (object === null) return undefined;
      const pointer = pointerSchema.safeParse(await readJson(object, pointerKey(name)));
      if (!pointer.success) throw new ArtifactError(`${pointerKey(name)} must be {"version": "<version>"}`);
      return pointer.data.version;
    },
    async readManifest(name, version) {
      const key = artifactFileKey(name, version, MANIFEST_FILE);
      const object = await bucket.get(key);
      if (object === null) return undefined;
      return parseManifest(await readJson(object, key));
    },
    async readArtifact(name, version, manifest) {
      const paths = [MANIFEST_FILE, ...manifest.files.map((file) => file.path).filter((path) => path !== MANIFEST_FILE)];
      const files = new Map<string, Uint8Array>();
      await Promise.all(
        paths.map(async (path) => {
          const object = await bucket.get(artifactFileKey(name, version, path));
          // A missing file is left out; verifyArtifactFiles names it.
          if (object !== null) files.set(path, new Uint8Array(await object.arrayBuffer()));
        }),
      );
      return { origin: `r2:${artifactFileKey(name, version, '')}`, files };
    },
    async hasModel(name) {
      return (await bucket.list({ prefix: modelPrefix(name), limit: 1 })).objects.length > 0;
    },
    async listModels() {
      const names = await listPrefixes(bucket, MODELS_PREFIX);
      const entries = await Promise.all(
        names.map(async (name) => [name, (await listPrefixes(bucket, modelPrefix(name))).sort()] as const),
      );
      return new Map(entries);
    },
  };
}
