import { ArtifactError, MANIFEST_FILE, parseManifest } from '../../shared/artifact';
import type { ArtifactManifest } from '../../shared/artifact';
import { apiError } from '../http/api-error';
import type { ArtifactSource } from '../../shared/artifact';
import { loadServedModel } from '../../shared/model';
import type { ServedModel } from '../../shared/model';

/** Where the worker finds its models. */
export interface ModelRegistry {
  /** The model `POST /v1/predict` serves. */
  readonly defaultModel: string;
  /** The manifest of model `name` (cheap; no tfjs work). Throws 404/503 `HTTPException`s. */
  manifest(name: string): Promise<ArtifactManifest>;
  /** Model `name`, loaded once and cached. Throws 404 (unknown) or 503 (broken artifact). */
  load(name: string): Promise<ServedModel>;
}

function unavailable(name: string, error: unknown): never {
  if (error instanceof ArtifactError) {
    console.error(`model ${name} unavailable: ${error.message}`);
    throw apiError(503, 'model_unavailable', `model "${name}" is unavailable: its artifact failed validation`);
  }
  throw error;
}

/**
 * A registry over a fixed set of artifacts (the bundled default model). The loaded model is
 * cached for the life of the isolate; a broken artifact answers 503 on every call.
 */
export function createStaticRegistry(sources: readonly ArtifactSource[], defaultModel?: string): ModelRegistry {
  const byName = new Map<string, ArtifactSource>();
  for (const source of sources) {
    const text = new TextDecoder().decode(source.files.get(MANIFEST_FILE) ?? new Uint8Array());
    const name = (() => {
      try {
        return parseManifest(JSON.parse(text)).name;
      } catch {
        return undefined;
      }
    })();
    // An artifact whose manifest cannot be read is registered under its origin's last path part,
    // so its routes answer 503 instead of 404.
    byName.set(name ?? source.origin.split('/').pop() ?? source.origin, source);
  }
  const loaded = new Map<string, Promise<ServedModel>>();

  function sourceOf(name: string): ArtifactSource {
    const source = byName.get(name);
    if (source === undefined) throw apiError(404, 'model_not_found', `no model named "${name}"`);
    return source;
  }

  return {
    defaultModel: defaultModel ?? byName.keys().next().value ?? '',
    async manifest(name) {
      const source = sourceOf(name);
      try {
        return parseManifest(JSON.parse(new TextDecoder().decode(source.files.get(MANIFEST_FILE))));
      } catch (error) {
        return unavailable(name, error instanceof SyntaxError ? new ArtifactError(error.message) : error);
      }
    },
    async load(name) {
      const source = sourceOf(name);
      let model = loaded.get(name);
      if (model === undefined) {
        model = loadServedModel(source);
        loaded.set(name, model);
      }
      try {
        return await model;
      } catch (error) {
        return unavailable(name, error);
      }
    },
  };
}
