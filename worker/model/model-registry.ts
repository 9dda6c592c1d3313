import { ArtifactError, MANIFEST_FILE, parseManifest } from '../../shared/artifact';
import type { ArtifactManifest, ArtifactSource } from '../../shared/artifact';
import type { ModelArtifact } from '../../shared/model';
import type { ServingModel } from '../inference/serving-model';
import { ModelNotFoundError, ModelUnavailableError, VersionNotFoundError } from '../errors';
import { startInference } from '../inference/start-inference';
import type { ModelCache } from './model-cache';
import type { R2ModelStore } from './r2-model-store';

/**
 * A model bundled into the worker: raw files (checked when loaded, like R2's), or an artifact
 * already read and checked (the worker's own bundled model: `bundledModel()`).
 */
export type BundledArtifact = ArtifactSource | { artifact: ModelArtifact };

/** Where a resolved model version comes from. */
export type ModelSource = 'r2' | 'bundled';

/** One concrete model version, as the registry resolved it. */
export interface ModelRef {
  name: string;
  version: string;
  source: ModelSource;
}

/** A model and its versions, for `GET /v1/models`. */
export interface ModelListing {
  name: string;
  /** What `/v1/models/:name/predict` serves; `null` when the bucket has versions but no pointer. */
  defaultVersion: string | null;
  versions: { version: string; source: ModelSource }[];
}

/**
 * Where the worker finds its models. Throws `ModelNotFoundError` / `VersionNotFoundError` for an
 * unknown name or version and `ModelUnavailableError` for an artifact that fails validation.
 */
export interface ModelRegistry {
  /** The model `POST /v1/predict` serves. */
  readonly defaultModel: string;
  list(): Promise<ModelListing[]>;
  /** The version to serve: `version` if given, else the pointer's, else the bundled one. */
  resolve(name: string, version?: string): Promise<ModelRef>;
  /** The manifest of a resolved version (cheap; no tfjs work). */
  manifest(ref: ModelRef): Promise<ArtifactManifest>;
  /** The loaded model of a resolved version, from the isolate's model cache (starts tfjs on first use). */
  load(ref: ModelRef): Promise<ServingModel>;
}

/** What `createModelRegistry` needs. */
export interface ModelRegistryOptions {
  /** The R2 store, or `undefined` when no bucket is bound (bundled models only). */
  store: R2ModelStore | undefined;
  /** Artifacts bundled into the worker (the fallback). */
  bundled: readonly BundledArtifact[];
  defaultModel: string;
  /** How long a read pointer is trusted, ms; 0 re-reads it on every resolve. */
  pointerTtlMs: number;
  cache: ModelCache;
  /** Clock for the pointer TTL (tests pass a fake one). */
  now?: () => number;
}

interface BundledEntry {
  version: string;
  source: BundledArtifact;
  /** Parsed once per isolate (a bundled artifact never changes); absent when it does not parse. */
  manifest?: ArtifactManifest;
}

function describeBundled(source: BundledArtifact): [string, BundledEntry] {
  if ('artifact' in source) {
    const { manifest } = source.artifact;
    return [manifest.name, { version: manifest.version, source, manifest }];
  }
  try {
    const text = new TextDecoder().decode(source.files.get(MANIFEST_FILE));
    const manifest = parseManifest(JSON.parse(text));
    return [manifest.name, { version: manifest.version, source, manifest }];
  } catch {
    // Unreadable manifest: registered under its origin's last path part so it answers 503, not 404.
    return [source.origin.split('/').pop() ?? source.origin, { version: 'bundled', source }];
  }
}

function unavailable(ref: Pick<ModelRef, 'name' | 'version'>, error: unknown): never {
  if (error instanceof ArtifactError || error instanceof SyntaxError) {
    console.error(`model ${ref.name}@${ref.version} unavailable: ${error.message}`);
    throw new ModelUnavailableError(ref.name, ref.version, { cause: error });
  }
  throw error;
}

function checkIdentity(ref: ModelRef, manifest: ArtifactManifest): ArtifactManifest {
  if (ref.source === 'r2' && (manifest.name !== ref.name || manifest.version !== ref.version)) {
    throw new ArtifactError(`manifest names ${manifest.name}@${manifest.version}, stored as ${ref.name}@${ref.version}`);
  }
  return manifest;
}

/**
 * The model registry: R2 first, bundled artifacts as the fallback. Precedence: a model's
 * default version is its R2 pointer (`current.json`) when there is one, else the bundled
 * artifact of that name; an explicit version is looked up in R2, then among bundled artifacts.
 * Pointers are re-read at most every `pointerTtlMs`; R2 manifests are cached for the life of the
 * registry (a published version is immutable); loaded models live in `cache`.
 */
export function createModelRegistry(options: ModelRegistryOptions): ModelRegistry {
  const { store, cache, pointerTtlMs } = options;
  const now = options.now ?? Date.now;
  const bundled = new Map(options.bundled.map(describeBundled));
  // Per-registry caches: pointers with the time they were read; manifests of R2 versions.
  const pointers = new Map<string, { version: string | undefined; readAt: number }>();
  const r2Manifests = new Map<string, ArtifactManifest>();

  async function pointerFor(name: string): Promise<string | undefined> {
    if (store === undefined) return undefined;
    const cached = pointers.get(name);
    if (cached !== undefined && now() - cached.readAt < pointerTtlMs) return cached.version;
    let version: string | undefined;
    try {
      version = await store.readPointer(name);
    } catch (error) {
      return unavailable({ name, version: 'current' }, error);
    }
    pointers.set(name, { version, readAt: now() });
    return version;
  }

  async function r2Manifest(name: string, version: string): Promise<ArtifactManifest | undefined> {
    if (store === undefined) return undefined;
    const key = `${name}@${version}`;
    const cached = r2Manifests.get(key);
    if (cached !== undefined) return cached;
    try {
      const manifest = await store.readManifest(name, version);
      if (manifest !== undefined) r2Manifests.set(key, checkIdentity({ name, version, source: 'r2' }, manifest));
      return manifest;
    } catch (error) {
      return unavailable({ name, version }, error);
    }
  }

  async function loadR2(ref: ModelRef): Promise<ServingModel> {
    if (store === undefined) throw new Error('loadR2 without a bucket');
    const manifest = await r2Manifest(ref.name, ref.version);
    if (manifest === undefined) throw new ArtifactError(`${ref.name}@${ref.version} has no manifest.json`);
    const { loadServingModel } = await startInference();
    const served = await loadServingModel(await store.readArtifact(ref.name, ref.version, manifest));
    checkIdentity(ref, served.manifest);
    return served;
  }

  return {
    defaultModel: options.defaultModel,

    async list() {
      const r2Models = store === undefined ? new Map<string, string[]>() : await store.listModels();
      const names = [...new Set([...r2Models.keys(), ...bundled.keys()])].sort();
      return Promise.all(
        names.map(async (name): Promise<ModelListing> => {
          const versions: ModelListing['versions'] = (r2Models.get(name) ?? []).map((version) => ({ version, source: 'r2' }));
          const bundledEntry = bundled.get(name);
          if (bundledEntry !== undefined && !versions.some((entry) => entry.version === bundledEntry.version)) {
            versions.push({ version: bundledEntry.version, source: 'bundled' });
          }
          const defaultVersion = (r2Models.has(name) ? await pointerFor(name) : undefined) ?? bundledEntry?.version ?? null;
          return { name, defaultVersion, versions };
        }),
      );
    },

    async resolve(name, version) {
      const bundledEntry = bundled.get(name);
      if (version === undefined) {
        const pointed = await pointerFor(name);
        if (pointed !== undefined) return { name, version: pointed, source: 'r2' };
        if (bundledEntry !== undefined) return { name, version: bundledEntry.version, source: 'bundled' };
        throw new ModelNotFoundError(name);
      }
      if ((await r2Manifest(name, version)) !== undefined) return { name, version, source: 'r2' };
      if (bundledEntry?.version === version) return { name, version, source: 'bundled' };
      const known = bundledEntry !== undefined || (await pointerFor(name)) !== undefined || (store !== undefined && (await store.hasModel(name)));
      if (!known) throw new ModelNotFoundError(name);
      throw new VersionNotFoundError(name, version);
    },

    async manifest(ref) {
      if (ref.source === 'r2') {
        const manifest = await r2Manifest(ref.name, ref.version);
        if (manifest === undefined) return unavailable(ref, new ArtifactError('manifest.json is missing'));
        return manifest;
      }
      const entry = bundled.get(ref.name);
      if (entry?.manifest !== undefined) return entry.manifest;
      const files = entry === undefined || 'artifact' in entry.source ? undefined : entry.source.files;
      try {
        return parseManifest(JSON.parse(new TextDecoder().decode(files?.get(MANIFEST_FILE))));
      } catch (error) {
        return unavailable(ref, error);
      }
    },

    async load(ref) {
      const entry = bundled.get(ref.name);
      const loadBundled = async (source: BundledArtifact) => {
        const inference = await startInference();
        return 'artifact' in source ? inference.servingModelOf(source.artifact) : inference.loadServingModel(source);
      };
      const load = ref.source === 'r2' || entry === undefined ? () => loadR2(ref) : () => loadBundled(entry.source);
      try {
        return await cache.get(`${ref.source}:${ref.name}@${ref.version}`, load);
      } catch (error) {
        return unavailable(ref, error);
      }
    },
  };
}
