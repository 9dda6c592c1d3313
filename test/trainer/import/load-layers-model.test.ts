import '@tensorflow/tfjs-backend-cpu';
import { describe, expect, it } from 'vitest';
import { loadLayersModel, writtenByKeras3 } from '../../../trainer/import/load-layers-model';
import type { LayersModelDir } from '../../../trainer/import/read-layers-model-dir';

/** A functional model as Keras 3 (TensorFlow ≥ 2.16) writes it: `batch_shape`, dtype policies, new nodes. */
const keras3Topology = {
  keras_version: '3.3.3',
  backend: 'tensorflow',
  model_config: {
    class_name: 'Functional',
    config: {
      name: 'functional',
      layers: [
        { class_name: 'InputLayer', name: 'input_layer', config: { batch_shape: [null, 4], dtype: 'float32', name: 'input_layer' }, inbound_nodes: [] },
        {
          class_name: 'Dense', name: 'dense',
          config: { name: 'dense', units: 2, activation: 'softmax', dtype: { module: 'keras', class_name: 'DTypePolicy', config: { name: 'float32' } } },
          inbound_nodes: [{ args: [{ class_name: '__keras_tensor__', config: { shape: [null, 4], dtype: 'float32', keras_history: ['input_layer', 0, 0] } }], kwargs: {} }],
        },
      ],
      input_layers: [['input_layer', 0, 0]],
      output_layers: [['dense', 0, 0]],
    },
  },
};

function source(modelTopology: Record<string, unknown>): LayersModelDir {
  return { dir: 'exports/keras3', modelTopology, weightSpecs: [], weightData: new Uint8Array(), files: [] };
}

describe('loadLayersModel', () => {
  it('should recognize a Keras 3 topology', () => {
    expect(writtenByKeras3(keras3Topology)).toBe(true);
    expect(writtenByKeras3({ keras_version: '2.15.0', model_config: { class_name: 'Sequential', config: { layers: [] } } })).toBe(false);
  });

  it("should refuse it with tfjs' reason and how to convert again", async () => {
    await expect(loadLayersModel(source(keras3Topology))).rejects.toThrow(
      /^exports\/keras3\/model\.json: tfjs-layers cannot load it: .+ \(Keras 3 wrote this model, which tfjs-layers 4\.22 cannot read: convert it with Keras 2, e\.g\. pip install tf_keras and TF_USE_LEGACY_KERAS=1 tensorflowjs_converter …\)$/,
    );
  });
});
