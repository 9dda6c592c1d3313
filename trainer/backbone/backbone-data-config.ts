import type { TrainConfig } from '../config/train-config';
import { ConfigError } from '../config/train-config';
import type { LoadedBackbone } from './load-backbone';

/**
 * The config to load the training data with for `backbone`: its input size and channels (the
 * data is prepared for the backbone, not the other way round). `--input-size` and `--channels`
 * may be given only when they agree. Also refuses fine-tuning flags that cannot work.
 */
export function backboneDataConfig(config: TrainConfig, backbone: LoadedBackbone): TrainConfig {
  const { input } = backbone.preprocessing;
  const size = `${input.height}x${input.width}`;
  if (config.inputSize !== '' && config.inputSize !== size) {
    throw new ConfigError(`--input-size ${config.inputSize}: the backbone ${backbone.dir} takes ${size} images`);
  }
  if (config.channels !== 0 && config.channels !== input.channels) {
    throw new ConfigError(`--channels ${config.channels}: the backbone ${backbone.dir} takes ${input.channels}-channel images`);
  }
  const { alphaBackground, antialias } = backbone.preprocessing;
  if (alphaBackground !== 'black' || !antialias) {
    throw new ConfigError(`--backbone ${backbone.dir}: its preprocessing (alpha on ${alphaBackground}, antialias ${antialias}) differs from how training data is prepared (black, antialiased)`);
  }
  return { ...config, inputSize: size, channels: input.channels };
}

/** Refuses backbone and fine-tuning flags that do nothing, naming them. */
export function checkBackboneFlags(config: TrainConfig): void {
  if (config.backbone === '') {
    const stray = (['backboneLayer', 'fineTuneLayers', 'fineTuneAfter'] as const).find((key) => config[key] !== '' && config[key] !== 0);
    const flag = { backboneLayer: '--backbone-layer', fineTuneLayers: '--fine-tune-layers', fineTuneAfter: '--fine-tune-after' };
    if (stray !== undefined) throw new ConfigError(`${flag[stray]} needs --backbone DIR`);
    return;
  }
  if (config.fineTuneAfter > 0 && config.fineTuneLayers === 0) throw new ConfigError('--fine-tune-after needs --fine-tune-layers K (how many backbone layers to fine-tune)');
}
