import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

/** One raw image body for POST /v1/predict. */
export interface PredictBody {
  /** Repository-relative path, for messages. */
  path: string;
  contentType: 'image/png' | 'image/jpeg';
  bytes: Buffer;
}

/** The bodies the load alternates: the README's sample PNG and an MNIST test JPEG (both a 7). */
export const PREDICT_BODY_PATHS = ['samples/digit-7.png', 'test/fixtures/digits/mnist-test-0-label-7.jpg'] as const;

function contentTypeOf(path: string): PredictBody['contentType'] {
  if (path.endsWith('.png')) return 'image/png';
  if (path.endsWith('.jpg') || path.endsWith('.jpeg')) return 'image/jpeg';
  throw new Error(`no image content-type for "${path}": expected .png, .jpg or .jpeg`);
}

/** Reads `paths` (relative to `root`) as predict bodies with their content-type. */
export async function loadPredictBodies(root: string, paths: readonly string[] = PREDICT_BODY_PATHS): Promise<PredictBody[]> {
  return Promise.all(paths.map(async (path) => ({ path, contentType: contentTypeOf(path), bytes: await readFile(join(root, path)) })));
}
