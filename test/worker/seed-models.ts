import { env } from 'cloudflare:workers';
import { inject } from 'vitest';
import { serializeManifestJson } from '../../shared/artifact';
import { artifactFileKey, pointerKey, serializePointer } from '../../shared/artifact/registry-keys';
import { bytesOf } from './provided-context';
import './provided-context';

/** The tiny artifact from the global setup, renamed to `name`@`version` (manifest rewritten). */
export function tinyArtifactFiles(name: string, version: string): Map<string, Uint8Array> {
  const files = new Map(inject('tinyArtifact').files.map((file) => [file.name, bytesOf(file)]));
  const manifestBytes = files.get('manifest.json');
  if (manifestBytes === undefined) throw new Error('tiny artifact has no manifest.json');
  const manifest: unknown = JSON.parse(new TextDecoder().decode(manifestBytes));
  if (typeof manifest !== 'object' || manifest === null) throw new Error('tiny manifest is not an object');
  files.set('manifest.json', serializeManifestJson({ ...manifest, name, version }));
  return files;
}

/** Options for `seedModel`. */
export interface SeedOptions {
  /** Also write `current.json` naming this version. */
  activate?: boolean;
  /** Flip one byte of weights.bin after hashing (a tampered artifact). */
  tamper?: boolean;
}

/** Puts `name`@`version` (the tiny artifact) into the real miniflare R2 bucket `MODELS`. */
export async function seedModel(name: string, version: string, options: SeedOptions = {}): Promise<void> {
  const files = tinyArtifactFiles(name, version);
  if (options.tamper) {
    const weights = files.get('weights.bin')?.slice();
    if (weights === undefined) throw new Error('tiny artifact has no weights.bin');
    weights[10] = (weights[10] ?? 0) ^ 0xff;
    files.set('weights.bin', weights);
  }
  await Promise.all([...files].map(([path, bytes]) => env.MODELS.put(artifactFileKey(name, version, path), bytes)));
  if (options.activate) await activate(name, version);
}

/** Points `models/<name>/current.json` at `version`. */
export async function activate(name: string, version: string): Promise<void> {
  await env.MODELS.put(pointerKey(name), serializePointer(version));
}
