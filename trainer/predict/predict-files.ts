import { readFile } from 'node:fs/promises';
import { DEFAULT_MAX_PIXELS, ImageError, preprocessImage } from '../../shared/preprocess';
import { loadServedModel, predictScores } from '../../shared/model';
import type { ServedModel } from '../../shared/model';
import { ImageFileError } from './image-file-error';
import { readArtifactDir } from './read-artifact-dir';

/** Class probabilities for one image file. */
export interface FilePrediction {
  file: string;
  scores: number[];
}

/** Reads and preprocesses one file; any failure becomes an `ImageFileError` naming it. */
async function readImage(file: string, served: ServedModel): Promise<Float32Array> {
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await readFile(file));
  } catch (error) {
    throw new ImageFileError(file, `cannot read (${(error as NodeJS.ErrnoException).code ?? String(error)})`, { cause: error });
  }
  try {
    const spec = { input: served.manifest.input, ...served.manifest.preprocessing };
    return preprocessImage(bytes, spec, { maxPixels: DEFAULT_MAX_PIXELS });
  } catch (error) {
    if (error instanceof ImageError) throw new ImageFileError(file, `${error.code}: ${error.message}`, { cause: error });
    throw error;
  }
}

/**
 * Local inference in Node exactly as the worker does it: the same artifact loader, the same
 * shared preprocessing, the same scoring. Uses whatever tfjs backend is active. Fails fast: the
 * first file (in the order given) that cannot be read or decoded throws `ImageFileError` and no
 * file is scored.
 */
export async function predictFiles(artifactDir: string, files: readonly string[]): Promise<FilePrediction[]> {
  const served = await loadServedModel(await readArtifactDir(artifactDir));
  try {
    const images: Float32Array[] = [];
    for (const file of files) images.push(await readImage(file, served));
    const scores = await predictScores(served, images);
    return files.map((file, index) => ({ file, scores: Array.from(scores[index] ?? []) }));
  } finally {
    served.model.dispose();
  }
}
