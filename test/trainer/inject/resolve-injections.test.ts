import { describe, expect, it } from 'vitest';
import { parseInject } from '../../../trainer/inject/parse-inject';
import { resolveInjections } from '../../../trainer/inject/resolve-injections';

function schedule(specs: string[], totalSteps: number): ReturnType<typeof resolveInjections> {
  return resolveInjections(specs.map(parseInject), totalSteps);
}

describe('resolveInjections', () => {
  it('should place percentage and absolute starts on the step axis', () => {
    const { injections } = schedule(['lr*100@30%:50', 'pixels*1e8@50%', 'grad*1e6@400', 'lr*2@12.5%'], 1000);
    expect(injections.map(({ firstStep, lastStep }) => [firstStep, lastStep])).toEqual([
      [300, 349],
      [500, 500],
      [400, 400],
      [125, 125],
    ]);
  });

  it('should report the LR factor exactly on the injected steps', () => {
    const { injectionsAt } = schedule(['lr*100@30%:50'], 1000);
    expect([299, 300, 349, 350].map((step) => injectionsAt(step).lrFactor)).toEqual([1, 100, 100, 1]);
    expect(injectionsAt(300).active.map((injection) => injection.spec.source)).toEqual(['lr*100@30%:50']);
    expect(injectionsAt(299)).toEqual({ lrFactor: 1, gradFactor: 1, pixelFactor: 1, nanPixels: false, labelFlipFraction: 0, active: [] });
  });

  it('should combine overlapping injections', () => {
    const { injectionsAt } = schedule(['lr*2@10:5', 'lr*3@12:5', 'labelflip=0.2@12', 'labelflip=0.5@12', 'pixels*4@12', 'nan@12', 'grad*1e6@12'], 100);
    expect(injectionsAt(12)).toMatchObject({ lrFactor: 6, gradFactor: 1e6, pixelFactor: 4, nanPixels: true, labelFlipFraction: 0.5 });
    expect(injectionsAt(15)).toMatchObject({ lrFactor: 3, nanPixels: false, labelFlipFraction: 0 });
  });

  it('should floor percentages and cut injections at the end of the run', () => {
    const { injections } = schedule(['grad*2@12.5%', 'lr*10@95%:100'], 10);
    expect(injections.map(({ firstStep, lastStep }) => [firstStep, lastStep])).toEqual([
      [1, 1], // ⌊12.5·10/100⌋ = 1
      [9, 9], // ⌊95·10/100⌋ = 9, cut at step 9
    ]);
  });

  it('should reject an injection that starts after the run', () => {
    expect(() => schedule(['nan@1000'], 1000)).toThrow('--inject "nan@1000": starts at step 1000, but the run has only 1000 steps (0–999)');
  });
});
