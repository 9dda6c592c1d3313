import type { InputSpec } from '../../shared/preprocess';
import { ImportError } from './import-error';

/** `--input HxWxC` → sizes. */
export function parseInputFlag(text: string): InputSpec {
  const match = /^(\d{1,4})x(\d{1,4})x(\d)$/.exec(text);
  const [height, width, channels] = match ? [Number(match[1]), Number(match[2]), Number(match[3])] : [0, 0, 0];
  if (height < 1 || width < 1) throw new ImportError(`--input: expected HxWxC (e.g. 224x224x3), got "${text}"`);
  if (channels !== 1 && channels !== 3) throw new ImportError(`--input: channels must be 1 (gray) or 3 (RGB), got ${channels}`);
  return { height, width, channels };
}

const show = (shape: readonly (number | null)[]) => `[${shape.map((size) => (size === null ? 'null' : String(size))).join(', ')}]`;

/**
 * The input spec of an imported model: its input shape `[batch, height, width, channels]`, with
 * `--input HxWxC` filling sizes the model leaves open (`null`, e.g. a fully convolutional model)
 * and having to agree with the ones it fixes. Only images are served: rank 4, 1 or 3 channels.
 */
export function resolveInputSpec(modelShape: readonly (number | null)[], flag: string | undefined): InputSpec {
  const given = flag === undefined ? undefined : parseInputFlag(flag);
  if (modelShape.length !== 4) {
    throw new ImportError(`the model's input is ${show(modelShape)}, not an image batch [batch, height, width, channels]`);
  }
  const [, height, width, channels] = modelShape;
  const pick = (axis: 'height' | 'width' | 'channels', size: number | null | undefined): number => {
    if (size === null || size === undefined) {
      if (given === undefined) throw new ImportError(`the model's input ${show(modelShape)} leaves the ${axis} open: pass --input HxWxC`);
      return given[axis];
    }
    if (given !== undefined && given[axis] !== size) {
      throw new ImportError(`--input ${flag}: the model's input is ${show(modelShape)}, its ${axis} is ${size}, not ${given[axis]}`);
    }
    return size;
  };
  const spec = { height: pick('height', height), width: pick('width', width), channels: pick('channels', channels) };
  if (spec.channels !== 1 && spec.channels !== 3) {
    throw new ImportError(`the model's input ${show(modelShape)} has ${spec.channels} channels; edgefuse serves 1 (gray) or 3 (RGB)`);
  }
  return { height: spec.height, width: spec.width, channels: spec.channels };
}
