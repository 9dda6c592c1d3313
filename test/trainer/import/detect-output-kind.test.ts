import * as tfl from '@tensorflow/tfjs-layers';
import '@tensorflow/tfjs-backend-cpu';
import { describe, expect, it } from 'vitest';
import { detectOutputKind } from '../../../trainer/import/detect-output-kind';

function dense(activation: 'softmax' | 'linear' | 'sigmoid', after: tfl.layers.Layer[] = []): tfl.LayersModel {
  const model = tfl.sequential();
  model.add(tfl.layers.flatten({ inputShape: [4, 4, 1] }));
  model.add(tfl.layers.dense({ units: 3, activation, name: 'classifier' }));
  for (const layer of after) model.add(layer);
  return model;
}

describe('detectOutputKind', () => {
  it('should read probabilities from a softmax activation and logits from none', () => {
    expect(detectOutputKind(dense('softmax'))).toEqual({ kind: 'probabilities', from: 'softmax activation of layer "classifier"' });
    expect(detectOutputKind(dense('linear'))).toEqual({ kind: 'logits', from: 'linear (no) activation of layer "classifier"' });
  });

  it('should look through dropout, reshape and linear activations, and find a Softmax layer', () => {
    const after = [tfl.layers.dropout({ rate: 0.5 }), tfl.layers.reshape({ targetShape: [3] }), tfl.layers.activation({ activation: 'linear' })];
    expect(detectOutputKind(dense('softmax', after)).kind).toBe('probabilities');
    expect(detectOutputKind(dense('linear', [tfl.layers.softmax({ name: 'probs' })]))).toEqual({ kind: 'probabilities', from: 'Softmax layer "probs"' });
    expect(detectOutputKind(dense('linear', [tfl.layers.activation({ activation: 'softmax', name: 'act' })])).from).toBe('softmax activation of layer "act"');
  });

  it('should look inside nested models', () => {
    const inner = dense('softmax');
    const outer = tfl.sequential({ layers: [tfl.layers.inputLayer({ inputShape: [4, 4, 1] }), inner] });
    expect(detectOutputKind(outer).kind).toBe('probabilities');
  });

  it('should refuse what it cannot tell, unless --output says', () => {
    expect(() => detectOutputKind(dense('sigmoid'))).toThrow(
      'cannot tell whether the model outputs logits or probabilities: its last layer "classifier" has a sigmoid activation; pass --output logits|probabilities',
    );
    expect(detectOutputKind(dense('sigmoid'), 'probabilities')).toEqual({ kind: 'probabilities', from: '--output probabilities' });
    expect(() => detectOutputKind(dense('sigmoid'), 'scores')).toThrow('--output: expected logits | probabilities, got "scores"');
  });
});
