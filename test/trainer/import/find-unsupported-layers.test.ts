import { describe, expect, it } from 'vitest';
import { describeUnsupportedLayers, findUnsupportedLayers } from '../../../trainer/import/find-unsupported-layers';
import { listTopologyLayers } from '../../../trainer/import/list-topology-layers';

const layer = (className: string, name: string, config: Record<string, unknown> = {}) => ({ class_name: className, config: { name, ...config } });

/** A Keras-converter topology: a functional model nesting a Sequential, a Lambda and a wrapper. */
const topology = {
  keras_version: '2.15.0',
  model_config: {
    class_name: 'Functional',
    config: {
      name: 'model',
      layers: [
        layer('InputLayer', 'input_1'),
        layer('Sequential', 'features', { layers: [layer('Conv2D', 'conv'), layer('MyCustomBlock', 'custom')] }),
        layer('Lambda', 'lambda', { function: ['4wEAAAAAAAAA', null, null] }),
        layer('TimeDistributed', 'td', { layer: layer('Dense', 'inner_dense') }),
        layer('TFOpLambda', 'tf.math.multiply'),
        layer('Dense', 'dense'),
      ],
    },
  },
};

describe('listTopologyLayers', () => {
  it('should list nested and wrapped layers depth first with their path', () => {
    expect(listTopologyLayers(topology).map((entry) => `${[...entry.path, entry.name].join('/')}:${entry.className}`)).toEqual([
      'input_1:InputLayer', 'features:Sequential', 'features/conv:Conv2D', 'features/custom:MyCustomBlock', 'lambda:Lambda',
      'td:TimeDistributed', 'td/inner_dense:Dense', 'tf.math.multiply:TFOpLambda', 'dense:Dense',
    ]);
  });

  it("should read Keras 2.2's Sequential whose config is the layer list", () => {
    expect(listTopologyLayers({ class_name: 'Sequential', config: [layer('Dense', 'd1'), layer('Dense', 'd2')] }).map((entry) => entry.name)).toEqual(['d1', 'd2']);
  });
});

describe('findUnsupportedLayers', () => {
  it('should name unregistered classes and Python-only Lambda layers, and nothing else', () => {
    const unsupported = findUnsupportedLayers(topology);
    expect(unsupported.map((entry) => entry.className)).toEqual(['MyCustomBlock', 'Lambda', 'TFOpLambda']);
    expect(describeUnsupportedLayers(unsupported)).toBe(
      '3 layers that tfjs-layers (and so the worker) cannot run: "features/custom" (MyCustomBlock), "lambda" (Lambda), ' +
        '"tf.math.multiply" (TFOpLambda); Lambda layers hold Python code: rebuild them with built-in Keras layers',
    );
  });

  it('should accept a model made only of built-in layers', () => {
    expect(findUnsupportedLayers({ class_name: 'Sequential', config: { layers: [layer('Conv2D', 'c'), layer('Flatten', 'f'), layer('Dense', 'd')] } })).toEqual([]);
  });
});
