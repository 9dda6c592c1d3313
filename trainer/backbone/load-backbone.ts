import type * as tfl from '@tensorflow/tfjs-layers';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ArtifactError, MANIFEST_FILE, MODEL_FILE } from '../../shared/artifact';
import type { ArtifactManifest } from '../../shared/artifact';
import { loadServedModel } from '../../shared/model';
import type { PreprocessSpec } from '../../shared/preprocess';
import { FLOAT_MODEL_DIR } from '../export/write-float-model';
import { describeUnsupportedLayers, findUnsupportedLayers } from '../import/find-unsupported-layers';
import { ImportError } from '../import/import-error';
import { loadLayersModel } from '../import/load-layers-model';
import { readLayersModelDir } from '../import/read-layers-model-dir';
import { resolveInputSpec } from '../import/resolve-input-spec';
import { resolveNormalization } from '../import/resolve-normalization';
import { asTeachableMachineMetadata } from '../import/teachable-machine-metadata';
import { readArtifactDir } from '../predict/read-artifact-dir';
import { BackboneError } from './backbone-error';

/** A pretrained model to build on, with the preprocessing its weights were trained under. */
export interface LoadedBackbone {
  model: tfl.LayersModel;
  /** What images the backbone expects: its input spec, normalization, alpha and antialiasing. */
  preprocessing: PreprocessSpec;
  /** The directory its files came from (a run directory's `float/` when given a run). */
  dir: string;
  /** The backbone's manifest, when it is an edgefuse artifact (trained or imported). */
  manifest?: ArtifactManifest;
}

async function loadArtifactBackbone(dir: string): Promise<LoadedBackbone> {
  const served = await loadServedModel(await readArtifactDir(dir)).catch((error: unknown) => {
    if (error instanceof ArtifactError) throw new BackboneError(`--backbone ${dir}: ${error.message}`);
    throw error;
  });
  const { manifest } = served;
  return { model: served.model, preprocessing: { input: manifest.input, ...manifest.preprocessing }, dir, manifest };
}

async function loadLayersModelBackbone(dir: string): Promise<LoadedBackbone> {
  const source = await readLayersModelDir(dir);
  const unsupported = findUnsupportedLayers(source.modelTopology);
  if (unsupported.length > 0) throw new ImportError(`${join(dir, MODEL_FILE)} has ${describeUnsupportedLayers(unsupported)}`);
  // Only Teachable Machine says what its input range is; any other model gets it from `npm run import`.
  const teachableMachine = asTeachableMachineMetadata(source.metadata);
  if (teachableMachine === undefined) {
    throw new ImportError(
      `--backbone ${dir} is a LayersModel without its preprocessing: import it first ` +
        `(npm run import -- --from ${dir} --out <artifact> --labels … --scale …) and pass the artifact`,
    );
  }
  const model = await loadLayersModel(source);
  const input = resolveInputSpec(model.inputs[0]?.shape ?? [], undefined);
  const { mean, std } = resolveNormalization({ teachableMachine: true }, input.channels);
  return { model, preprocessing: { input, alphaBackground: 'black', antialias: true, mean, std }, dir };
}

/**
 * Loads the `--backbone` directory: an edgefuse artifact (trained or imported; verified like
 * any artifact), a run directory (its float model), or a Teachable Machine LayersModel folder.
 * A LayersModel that does not say what input it expects must be imported first. Throws
 * `BackboneError` with one line.
 */
export async function loadBackbone(dir: string): Promise<LoadedBackbone> {
  if (existsSync(join(dir, MANIFEST_FILE))) return loadArtifactBackbone(dir);
  if (existsSync(join(dir, FLOAT_MODEL_DIR, MANIFEST_FILE))) return loadArtifactBackbone(join(dir, FLOAT_MODEL_DIR));
  if (existsSync(join(dir, MODEL_FILE))) {
    return loadLayersModelBackbone(dir).catch((error: unknown) => {
      if (error instanceof ImportError) throw new BackboneError(error.message.startsWith('--backbone') ? error.message : `--backbone ${dir}: ${error.message}`);
      throw error;
    });
  }
  throw new BackboneError(`--backbone ${dir}: neither an edgefuse artifact (${MANIFEST_FILE}), a run directory (${FLOAT_MODEL_DIR}/) nor a LayersModel (${MODEL_FILE})`);
}
