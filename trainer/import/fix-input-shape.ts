import type { InputSpec } from '../../shared/preprocess';

type Entry = { class_name?: unknown; config?: unknown };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Sets the input shape of the layer entry that defines a model's input; false when there is none. */
function setInputShape(entry: Entry, shape: (number | null)[]): boolean {
  if (!isRecord(entry.config)) return false;
  const config = entry.config;
  if (entry.class_name === 'Sequential') {
    const [first] = Array.isArray(config.layers) ? (config.layers as Entry[]) : [];
    if (first === undefined) return false;
    if (isRecord(first.config) && (first.class_name === 'InputLayer' || Array.isArray(first.config.batch_input_shape))) {
      first.config.batch_input_shape = shape;
      delete first.config.input_shape;
      return true;
    }
    return setInputShape(first, shape);
  }
  if (entry.class_name === 'Model' || entry.class_name === 'Functional') {
    const inputNames = Array.isArray(config.input_layers) ? (config.input_layers as unknown[][]).map((ref) => ref[0]) : [];
    const layers = Array.isArray(config.layers) ? (config.layers as Entry[]) : [];
    const inputs = layers.filter((layer) => isRecord(layer.config) && inputNames.includes(layer.config.name));
    if (inputs.length !== 1) return false;
    return setInputShape({ class_name: 'Sequential', config: { layers: inputs } }, shape);
  }
  return false;
}

/**
 * A copy of a tfjs topology (as `model.save` writes it) whose input is fixed to
 * `[null, height, width, channels]`: for models that leave the image size open (fully
 * convolutional, global pooling), so the artifact states the size the worker resizes to.
 * Returns undefined when the input layer cannot be found.
 */
export function fixInputShape(topology: Record<string, unknown>, input: InputSpec): Record<string, unknown> | undefined {
  const copy = structuredClone(topology);
  return setInputShape(copy, [null, input.height, input.width, input.channels]) ? copy : undefined;
}
