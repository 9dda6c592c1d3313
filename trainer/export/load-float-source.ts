import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ArtifactError, MANIFEST_FILE, MODEL_FILE } from '../../shared/artifact';
import { loadServedModel } from '../../shared/model';
import type { ServedModel } from '../../shared/model';
import { readArtifactDir } from '../predict/read-artifact-dir';
import { FLOAT_MODEL_DIR } from './write-float-model';

/**
 * Loads the float32 model to re-export from `from`: a run directory (its `float/` artifact, see
 * `writeFloatModel`) or an artifact directory written with `--quantize none`. The artifact is
 * verified (schema, sizes, sha256) on the way. A quantized artifact is refused with
 * `ArtifactError`: its weights already lost precision, so quantizing again would compound it.
 */
export async function loadFloatSource(from: string): Promise<ServedModel & { dir: string }> {
  const runFloat = join(from, FLOAT_MODEL_DIR);
  const dir = !existsSync(join(from, MANIFEST_FILE)) && existsSync(join(runFloat, MANIFEST_FILE)) ? runFloat : from;
  const source = await readArtifactDir(dir);
  const served = await loadServedModel(source); // validates model.json before we look inside
  const modelJson = JSON.parse(new TextDecoder().decode(source.files.get(MODEL_FILE))) as {
    weightsManifest: { weights: { quantization?: { dtype: string } }[] }[];
  };
  const quantized = modelJson.weightsManifest.flatMap((group) => group.weights).find((spec) => spec.quantization !== undefined);
  if (quantized?.quantization !== undefined) {
    served.model.dispose();
    throw new ArtifactError(
      `${dir} holds ${quantized.quantization.dtype}-quantized weights; re-export from its float source ` +
        `(a run directory's ${FLOAT_MODEL_DIR}/ or an artifact written with --quantize none)`,
    );
  }
  return { ...served, dir };
}
