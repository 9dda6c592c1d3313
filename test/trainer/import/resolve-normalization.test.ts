import { describe, expect, it } from 'vitest';
import { normalizePixels } from '../../../shared/preprocess';
import { resolveNormalization } from '../../../trainer/import/resolve-normalization';

/** What the preprocessing makes of 8-bit values `pixels` (one channel each) under mean/std. */
function normalized(pixels: number[], mean: number, std: number): number[] {
  return Array.from(normalizePixels(Uint8Array.from(pixels), { input: { height: 1, width: pixels.length, channels: 1 }, mean: [mean], std: [std] }));
}

describe('resolveNormalization', () => {
  it('should map each --scale preset to the range it names', () => {
    const range = (scale: string) => {
      const { mean, std } = resolveNormalization({ scale, teachableMachine: false }, 1);
      return normalized([0, 255], mean[0] ?? Number.NaN, std[0] ?? Number.NaN);
    };
    expect(range('unit')).toEqual([0, 1]);
    expect(range('symmetric')).toEqual([-1, 1]);
    const raw = range('raw');
    expect(raw[0]).toBe(0);
    expect(raw[1]).toBeCloseTo(255, 4);
    expect(resolveNormalization({ scale: 'imagenet', teachableMachine: false }, 3)).toEqual({
      mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225], from: '--scale imagenet',
    });
  });

  it("should detect Teachable Machine's p / 127 − 1", () => {
    const { mean, std, from } = resolveNormalization({ teachableMachine: true }, 3);
    expect(from).toMatch(/^Teachable Machine convention/);
    const [black = 0, middle = 0, white = 0] = normalized([0, 127, 254], mean[0] ?? 0, std[0] ?? 1);
    expect(black).toBeCloseTo(-1, 6);
    expect(middle).toBeCloseTo(0, 6);
    expect(white).toBeCloseTo(1, 6);
    // An explicit flag wins over the detection.
    expect(resolveNormalization({ scale: 'unit', teachableMachine: true }, 3).from).toBe('--scale unit');
  });

  it('should read --normalize as one mean,std or per-channel means then stds', () => {
    expect(resolveNormalization({ normalize: '0.5,0.25', teachableMachine: false }, 3)).toMatchObject({ mean: [0.5, 0.5, 0.5], std: [0.25, 0.25, 0.25] });
    expect(resolveNormalization({ normalize: '0.4,0.5,0.6,0.2,0.3,0.4', teachableMachine: false }, 3)).toMatchObject({ mean: [0.4, 0.5, 0.6], std: [0.2, 0.3, 0.4] });
  });

  it('should refuse bad values with one line naming the flag', () => {
    const resolve = (options: { normalize?: string; scale?: string }, channels: 1 | 3 = 3) => () => resolveNormalization({ ...options, teachableMachine: false }, channels);
    expect(resolve({ normalize: '127.5,127.5' })).toThrow('--normalize: 127.5 is outside [−1, 1]; values are in units of pixel/255');
    expect(resolve({ normalize: '0.5,0' })).toThrow('--normalize: std must be > 0, got 0');
    expect(resolve({ normalize: '0.5,0.5,0.5' })).toThrow('--normalize: expected 2 values (mean,std for every channel) or 6 (3 means, then 3 stds), got 3');
    expect(resolve({ normalize: '0.5,x' })).toThrow('--normalize: expected numbers');
    expect(resolve({ scale: 'caffe' })).toThrow('--scale: expected one of unit | symmetric | imagenet | raw, got "caffe"');
    expect(resolve({ scale: 'imagenet' }, 1)).toThrow('--scale imagenet is for RGB models; this model\'s input has 1 channel');
    expect(resolve({ scale: 'unit', normalize: '0,1' })).toThrow('--normalize and --scale: give one of them, not both');
    expect(resolve({})).toThrow('model.json does not say what pixel range the model expects: pass --scale unit|symmetric|imagenet|raw or --normalize mean,std');
  });
});
