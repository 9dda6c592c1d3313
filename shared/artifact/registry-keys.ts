import { z } from 'zod';
import { modelVersionSchema } from './model-contract';

/**
 * The model registry's bucket layout, shared by the publisher (trainer/cli/publish.ts) and the
 * worker's registry:
 * - `models/<name>/<version>/<file>`: every file of an artifact, manifest.json included;
 * - `models/<name>/current.json`: the pointer `{"version": "<v>"}` naming the default version.
 *
 * @example
 * artifactFileKey('mnist', '2', 'weights.bin'); // 'models/mnist/2/weights.bin'
 */

/** Top-level prefix of every model in the bucket. */
export const MODELS_PREFIX = 'models/';

/** The prefix under which every version of `name` lives: `models/<name>/`. */
export function modelPrefix(name: string): string {
  return `${MODELS_PREFIX}${name}/`;
}

/** Key of one file of one version: `models/<name>/<version>/<path>`. */
export function artifactFileKey(name: string, version: string, path: string): string {
  return `${modelPrefix(name)}${version}/${path}`;
}

/** Key of the pointer naming the default version: `models/<name>/current.json`. */
export function pointerKey(name: string): string {
  return `${modelPrefix(name)}current.json`;
}

/** The pointer object's schema: `{"version": "2"}`. */
export const pointerSchema = z.object({ version: modelVersionSchema });

/** The pointer's bytes as the publisher writes them. */
export function serializePointer(version: string): string {
  return `${JSON.stringify({ version })}\n`;
}
