import type { ChannelCount } from '../../shared/preprocess';
import { ImportError } from './import-error';
import { TEACHABLE_MACHINE_NORMALIZATION } from './teachable-machine-metadata';

/**
 * The common input conventions, as the manifest's `(pixel / 255 − mean) / std` per channel:
 * - `unit`: [0, 1] (`pixel / 255`; Keras `Rescaling(1/255)` done outside the model)
 * - `symmetric`: [−1, 1] (`pixel / 127.5 − 1`; Keras' MobileNet / EfficientNetV2 `preprocess_input`)
 * - `imagenet`: ImageNet mean/std per RGB channel (torchvision, Keras' `mode="torch"`)
 * - `raw`: [0, 255] unchanged, for models that rescale inside (a `Rescaling` layer first)
 */
export const SCALE_PRESETS = {
  unit: { mean: [0], std: [1] },
  symmetric: { mean: [0.5], std: [0.5] },
  imagenet: { mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225] },
  raw: { mean: [0], std: [1 / 255] },
} as const satisfies Record<string, { mean: readonly number[]; std: readonly number[] }>;

/** A `--scale` preset name. */
export type ScalePreset = keyof typeof SCALE_PRESETS;

/** The names `--scale` accepts. */
export const SCALE_PRESET_NAMES = Object.keys(SCALE_PRESETS) as ScalePreset[];

/** How the pixels of an imported model are normalized, and how that was decided. */
export interface ResolvedNormalization {
  mean: number[];
  std: number[];
  from: string;
}

function perChannel(values: readonly number[], channels: ChannelCount): number[] {
  return values.length === 1 ? new Array<number>(channels).fill(values[0] ?? 0) : [...values];
}

/** `--normalize MEAN,STD` or `--normalize M1,M2,M3,S1,S2,S3` → per-channel mean and std. */
function parseNormalize(text: string, channels: ChannelCount): { mean: number[]; std: number[] } {
  const values = text.split(',').map((part) => Number(part.trim()));
  if (values.some((value, index) => !Number.isFinite(value) || text.split(',')[index]?.trim() === '')) {
    throw new ImportError(`--normalize: expected numbers "mean,std" (or ${channels} means then ${channels} stds), got "${text}"`);
  }
  if (values.length !== 2 && values.length !== 2 * channels) {
    throw new ImportError(
      `--normalize: expected 2 values (mean,std for every channel)${channels === 3 ? ' or 6 (3 means, then 3 stds)' : ''}, got ${values.length}`,
    );
  }
  const half = values.length / 2;
  const mean = perChannel(values.slice(0, half), channels);
  const std = perChannel(values.slice(half), channels);
  const big = [...mean, ...std].find((value) => Math.abs(value) > 1);
  if (big !== undefined) {
    throw new ImportError(
      `--normalize: ${big} is outside [−1, 1]; values are in units of pixel/255 (mean 127.5, std 127.5 in 0–255 units is 0.5,0.5)`,
    );
  }
  const bad = std.find((value) => value <= 0);
  if (bad !== undefined) throw new ImportError(`--normalize: std must be > 0, got ${bad}`);
  return { mean, std };
}

/**
 * The normalization of an imported model: `--normalize`, a `--scale` preset, or Teachable
 * Machine's convention when its metadata.json is there. The flags win over the detection; both
 * flags at once, or neither for a model whose convention cannot be known, is an `ImportError`
 * (model.json does not say what range its input expects).
 */
export function resolveNormalization(
  options: { normalize?: string; scale?: string; teachableMachine: boolean },
  channels: ChannelCount,
): ResolvedNormalization {
  const { normalize, scale } = options;
  if (normalize !== undefined && scale !== undefined) throw new ImportError('--normalize and --scale: give one of them, not both');
  if (normalize !== undefined) return { ...parseNormalize(normalize, channels), from: `--normalize ${normalize}` };
  if (scale !== undefined) {
    if (!(SCALE_PRESET_NAMES as string[]).includes(scale)) {
      throw new ImportError(`--scale: expected one of ${SCALE_PRESET_NAMES.join(' | ')}, got "${scale}"`);
    }
    const preset = SCALE_PRESETS[scale as ScalePreset];
    if (preset.mean.length !== 1 && preset.mean.length !== channels) {
      throw new ImportError(`--scale ${scale} is for RGB models; this model's input has ${channels} channel${channels === 1 ? '' : 's'}`);
    }
    return { mean: perChannel(preset.mean, channels), std: perChannel(preset.std, channels), from: `--scale ${scale}` };
  }
  if (options.teachableMachine) {
    const { mean, std } = TEACHABLE_MACHINE_NORMALIZATION;
    return { mean: perChannel([mean], channels), std: perChannel([std], channels), from: 'Teachable Machine convention (pixel / 127 − 1), from metadata.json' };
  }
  throw new ImportError(
    `model.json does not say what pixel range the model expects: pass --scale ${SCALE_PRESET_NAMES.join('|')} or --normalize mean,std`,
  );
}
