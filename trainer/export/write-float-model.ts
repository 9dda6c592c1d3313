import type * as tfl from '@tensorflow/tfjs-layers';
import { MODEL_FILE, WEIGHTS_FILE } from '../../shared/artifact';
import type { ArtifactManifest } from '../../shared/artifact';
import { encodeModelFiles } from './encode-model-files';
import { serializeLayersModel } from './serialize-layers-model';
import type { ArtifactDescription } from './write-artifact';
import { describedFields } from './write-artifact';
import { writeArtifactDir } from './write-artifact-dir';

/** Sub-directory of a run directory that keeps the float model (`export --from <run-dir>` reads it). */
export const FLOAT_MODEL_DIR = 'float';

/**
 * Keeps the trained model exactly as trained (float32, layers untouched) as a complete artifact
 * in `dir` (usually `<run-dir>/float`): the source every quantized export is made from, since a
 * quantized artifact cannot be re-quantized. Atomic like `writeArtifact`.
 */
export async function writeFloatModel(model: tfl.LayersModel, description: ArtifactDescription, dir: string): Promise<ArtifactManifest> {
  const files = encodeModelFiles(await serializeLayersModel(model), 'none');
  return writeArtifactDir(
    dir,
    [
      [MODEL_FILE, files.modelJson],
      [WEIGHTS_FILE, files.weights],
    ],
    { ...describedFields(description), quantization: { format: 'none', requested: 'none', reason: 'float source of truth for re-export' } },
  );
}
