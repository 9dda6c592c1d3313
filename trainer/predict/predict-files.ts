import { readFile } from 'node:fs/promises';
import { DEFAULT_MAX_PIXELS, preprocessImage } from '../../shared/preprocess';
import { loadServedModel, predictScores } from '../../shared/model';
import { readArtifactDir } from './read-artifact-dir';

/** Class probabilities for one image file. */
export interface FilePrediction {
  file: string;
  scores: number[];
}

/**
 * Local inference in Node exactly as the worker does it: the same artifact loader, the same
 * shared preprocessing, the same scoring. Uses whatever tfjs backend is active.
 */
export async function predictFiles(artifactDir: string, files: readonly string[]): Promise<FilePrediction[]> {
  const served = await loadServedModel(await readArtifactDir(artifactDir));
  try {
    const spec = { input: served.manifest.input, ...served.manifest.preprocessing };
    const images = await Promise.all(
      files.map(async (file) => preprocessImage(new Uint8Array(await readFile(file)), spec, { maxPixels: DEFAULT_MAX_PIXELS })),
    );
    const scores = await predictScores(served, images);
    return files.map((file, index) => ({ file, scores: Array.from(scores[index] ?? []) }));
  } finally {
    served.model.dispose();
  }
}
