import { describe, expect, it } from 'vitest';
import { parseInputFlag, resolveInputSpec } from '../../../trainer/import/resolve-input-spec';

describe('resolveInputSpec', () => {
  it('should read a fixed input shape from the model', () => {
    expect(resolveInputSpec([null, 224, 224, 3], undefined)).toEqual({ height: 224, width: 224, channels: 3 });
  });

  it('should fill open sizes from --input and check the fixed ones against it', () => {
    expect(resolveInputSpec([null, null, null, 3], '96x128x3')).toEqual({ height: 96, width: 128, channels: 3 });
    expect(() => resolveInputSpec([null, 28, 28, 1], '32x32x1')).toThrow('--input 32x32x1: the model\'s input is [null, 28, 28, 1], its height is 28, not 32');
    expect(() => resolveInputSpec([null, null, null, 3], undefined)).toThrow("the model's input [null, null, null, 3] leaves the height open: pass --input HxWxC");
  });

  it('should refuse inputs that are not 1- or 3-channel images', () => {
    expect(() => resolveInputSpec([null, 784], undefined)).toThrow("the model's input is [null, 784], not an image batch [batch, height, width, channels]");
    expect(() => resolveInputSpec([null, 32, 32, 4], undefined)).toThrow('has 4 channels; edgefuse serves 1 (gray) or 3 (RGB)');
  });

  it('should parse --input HxWxC and name what is wrong', () => {
    expect(parseInputFlag('28x28x1')).toEqual({ height: 28, width: 28, channels: 1 });
    expect(() => parseInputFlag('28x28')).toThrow('--input: expected HxWxC (e.g. 224x224x3), got "28x28"');
    expect(() => parseInputFlag('28x28x2')).toThrow('--input: channels must be 1 (gray) or 3 (RGB), got 2');
  });
});
