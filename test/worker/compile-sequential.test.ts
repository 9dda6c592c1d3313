import { describe, expect, it } from 'vitest';
import { readModelArtifact } from '../../shared/model';
import { mayCompile } from '../../worker/inference/compile-sequential';
import { bundledArtifact } from '../../worker/model/bundled-artifact';

/** A Sequential topology of `classNames`, each with an empty config, the first with an input shape. */
const sequentialOf = (classNames: readonly string[]) => ({
  class_name: 'Sequential',
  config: { name: 'sequential', layers: classNames.map((name, index) => ({ class_name: name, config: index === 0 ? { batch_input_shape: [null, 28, 28, 1] } : {} })) },
});

describe('mayCompile', () => {
  it('should take the bundled model, in tfjs\' form and in the converter\'s model_config wrapper', async () => {
    const { modelTopology } = await readModelArtifact(bundledArtifact());
    expect(mayCompile(modelTopology)).toBe(true);
    expect(mayCompile({ model_config: modelTopology, keras_version: 'tfjs-layers 4.22.0' })).toBe(true);
  });

  it('should refuse a Functional model and a layer type it has no compiler for', () => {
    expect(mayCompile({ class_name: 'Functional', config: { layers: [] } })).toBe(false);
    expect(mayCompile(sequentialOf(['InputLayer', 'Conv2D', 'BatchNormalization', 'Dense']))).toBe(false);
    expect(mayCompile(sequentialOf(['InputLayer', 'Conv2D', 'Flatten', 'Dense']))).toBe(true);
  });

  it.each(['toString', '__proto__', 'constructor', 'hasOwnProperty'])('should refuse a layer whose class name is %s (an Object member, not a layer)', (name) => {
    expect(mayCompile(sequentialOf(['InputLayer', name, 'Dense']))).toBe(false);
  });
});
