import type { ChannelCount } from './raw-image';

/** Shape of one model input, `[height, width, channels]`. */
export interface InputSpec {
  height: number;
  width: number;
  channels: ChannelCount;
}

/**
 * What transparent pixels are composited onto. `'black'` is the default because MNIST digits
 * are white strokes on black: a transparent-background PNG of a white digit then looks like
 * MNIST. Use `'white'` for dark-on-light data.
 */
export type AlphaBackground = 'black' | 'white';

/**
 * Whether a file's EXIF orientation is applied: `'exif'` turns the pixels upright first, as
 * photo viewers (and Pillow's `exif_transpose`) do; `'none'` uses them as stored, which is what
 * artifacts written before this field existed did (an absent field means `'none'`).
 */
export type OrientationMode = 'exif' | 'none';

/**
 * Everything that turns 8-bit pixels into model input. Stored in the model manifest so the
 * worker reproduces exactly what the trainer did.
 *
 * Per channel `c`, the output is `(pixel / 255 - mean[c]) / std[c]`, after EXIF orientation
 * (when `orientation` is `'exif'`), alpha compositing, channel conversion and (if the size
 * differs) bilinear resizing.
 */
export interface PreprocessSpec {
  input: InputSpec;
  /** EXIF orientation handling; absent = `'none'` (artifacts from before it was recorded). */
  orientation?: OrientationMode;
  alphaBackground: AlphaBackground;
  /** When downscaling, widen the bilinear (triangle) filter by the scale so every source pixel counts. */
  antialias: boolean;
  /** Per channel, in units of `pixel / 255`. Length must equal `input.channels`. */
  mean: number[];
  /** Per channel, positive. Length must equal `input.channels`. */
  std: number[];
}

/**
 * The spec with neutral normalization: EXIF orientation applied, black alpha background,
 * antialiased downscaling, mean 0 and std 1, so values are `pixel / 255` in [0, 1].
 *
 * @example
 * const spec = defaultPreprocessSpec({ height: 28, width: 28, channels: 1 });
 * // { input: {...}, orientation: 'exif', alphaBackground: 'black', antialias: true, mean: [0], std: [1] }
 */
export function defaultPreprocessSpec(input: InputSpec): PreprocessSpec {
  return {
    input: { ...input },
    orientation: 'exif',
    alphaBackground: 'black',
    antialias: true,
    mean: new Array<number>(input.channels).fill(0),
    std: new Array<number>(input.channels).fill(1),
  };
}

/**
 * Returns `spec` unchanged if it is usable, otherwise throws a `RangeError` that names the
 * field, the expected and the actual value. Called by `preprocessPixels`; call it yourself when
 * reading a spec from a manifest or a config file to fail before any image arrives.
 *
 * @example
 * validatePreprocessSpec({ ...defaultPreprocessSpec({ height: 28, width: 28, channels: 1 }), std: [0] });
 * // RangeError: preprocess spec std[0] must be a finite number > 0, got 0
 */
export function validatePreprocessSpec(spec: PreprocessSpec): PreprocessSpec {
  const { input, orientation, alphaBackground, antialias, mean, std } = spec;
  for (const key of ['height', 'width'] as const) {
    const size = input[key];
    if (!Number.isInteger(size) || size <= 0) {
      throw new RangeError(`preprocess spec input.${key} must be a positive integer, got ${String(size)}`);
    }
  }
  if (input.channels !== 1 && input.channels !== 3) {
    throw new RangeError(`preprocess spec input.channels must be 1 or 3, got ${String(input.channels)}`);
  }
  if (orientation !== undefined && orientation !== 'exif' && orientation !== 'none') {
    throw new RangeError(`preprocess spec orientation must be 'exif' or 'none', got ${JSON.stringify(orientation)}`);
  }
  if (alphaBackground !== 'black' && alphaBackground !== 'white') {
    throw new RangeError(
      `preprocess spec alphaBackground must be 'black' or 'white', got ${JSON.stringify(alphaBackground)}`,
    );
  }
  if (typeof antialias !== 'boolean') {
    throw new RangeError(`preprocess spec antialias must be a boolean, got ${JSON.stringify(antialias)}`);
  }
  for (const [name, values] of [['mean', mean], ['std', std]] as const) {
    if (!Array.isArray(values) || values.length !== input.channels) {
      throw new RangeError(
        `preprocess spec ${name} must have one value per channel (${input.channels}), got ${JSON.stringify(values)}`,
      );
    }
  }
  mean.forEach((value, channel) => {
    if (!Number.isFinite(value)) {
      throw new RangeError(`preprocess spec mean[${channel}] must be a finite number, got ${String(value)}`);
    }
  });
  std.forEach((value, channel) => {
    if (!Number.isFinite(value) || value <= 0) {
      throw new RangeError(`preprocess spec std[${channel}] must be a finite number > 0, got ${String(value)}`);
    }
  });
  return spec;
}
