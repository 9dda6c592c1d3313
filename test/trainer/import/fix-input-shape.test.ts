import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import '@tensorflow/tfjs-backend-cpu';
import { describe, expect, it } from 'vitest';
import { serializeLayersModel } from '../../../trainer/export/serialize-layers-model';
import { fixInputShape } from '../../../trainer/import/fix-input-shape';

async function reload(topology: Record<string, unknown>): Promise<tfl.LayersModel> {
  return tfl.models.modelFromJSON({ modelTopology: topology as tf.io.ModelJSON['modelTopology'] });
}

describe('fixInputShape', () => {
  it('should fix the open input of a Sequential and of a functional model', async () => {
    await tf.setBackend('cpu');
    const sequential = tfl.sequential({ layers: [tfl.layers.conv2d({ inputShape: [null, null, 3], filters: 2, kernelSize: 3 }), tfl.layers.globalAveragePooling2d({}), tfl.layers.dense({ units: 2 })] });
    const input = tfl.input({ shape: [null, null, 1] });
    const output = tfl.layers.dense({ units: 2 }).apply(tfl.layers.globalMaxPooling2d({}).apply(input)) as tfl.SymbolicTensor;
    const functional = tfl.model({ inputs: input, outputs: output });
    for (const [model, channels] of [[sequential, 3], [functional, 1]] as const) {
      const fixed = fixInputShape((await serializeLayersModel(model)).modelTopology, { height: 40, width: 30, channels });
      if (fixed === undefined) throw new Error('no input layer found');
      const rebuilt = await reload(fixed);
      expect(rebuilt.inputs[0]?.shape).toEqual([null, 40, 30, channels]);
      expect(model.inputs[0]?.shape).toEqual([null, null, null, channels]); // the original is untouched
      rebuilt.dispose();
    }
  });

  it('should say so when there is no input layer to fix', () => {
    expect(fixInputShape({ class_name: 'Dense', config: {} }, { height: 1, width: 1, channels: 1 })).toBeUndefined();
  });
});
