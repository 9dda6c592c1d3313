import { describe, expect, it } from 'vitest';
import { InjectSpecError, parseInject } from '../../../trainer/inject/parse-inject';

describe('parseInject', () => {
  it('should parse an LR factor with a percentage start and a duration', () => {
    expect(parseInject('lr*100@30%:50')).toEqual({ source: 'lr*100@30%:50', kind: 'lr', factor: 100, start: { unit: 'percent', percent: 30 }, steps: 50 });
  });

  it('should parse one batch of scaled pixels', () => {
    expect(parseInject('pixels*1e8@50%')).toEqual({ source: 'pixels*1e8@50%', kind: 'pixels', factor: 1e8, start: { unit: 'percent', percent: 50 }, steps: 1 });
  });

  it('should parse a NaN batch', () => {
    expect(parseInject('nan@60%')).toEqual({ source: 'nan@60%', kind: 'nan', start: { unit: 'percent', percent: 60 }, steps: 1 });
  });

  it('should parse a label flip fraction', () => {
    expect(parseInject('labelflip=0.2@70%:100')).toEqual({
      source: 'labelflip=0.2@70%:100',
      kind: 'labelflip',
      fraction: 0.2,
      start: { unit: 'percent', percent: 70 },
      steps: 100,
    });
  });

  it('should parse a gradient factor at an absolute step', () => {
    expect(parseInject('grad*1e6@400')).toEqual({ source: 'grad*1e6@400', kind: 'grad', factor: 1e6, start: { unit: 'step', step: 400 }, steps: 1 });
    expect(parseInject('  grad*-.5@0  ')).toMatchObject({ source: 'grad*-.5@0', factor: -0.5, start: { unit: 'step', step: 0 } });
    expect(parseInject('lr*2@12.5%')).toMatchObject({ start: { unit: 'percent', percent: 12.5 } });
    expect(parseInject('grad*1e6@40%')).toMatchObject({ kind: 'grad', factor: 1e6, start: { unit: 'percent', percent: 40 }, steps: 1 });
  });

  it.each([
    ['lr*x@30%', '--inject "lr*x@30%": factor "x" is not a number'],
    ['lr*@30%', '--inject "lr*@30%": factor "" is not a number'],
    ['lr*1e999@30%', '--inject "lr*1e999@30%": factor "1e999" is not finite'],
    ['lr@30%', '--inject "lr@30%": "lr" needs a factor: "lr*k@…" (got "lr")'],
    ['lr*100', '--inject "lr*100": missing "@start" (e.g. "@30%" or "@400")'],
    ['lr*100@', '--inject "lr*100@": missing start after "@" (e.g. "@30%" or "@400")'],
    ['lr*100@3@4', '--inject "lr*100@3@4": more than one "@"'],
    ['boom*2@10', '--inject "boom*2@10": unknown kind "boom" (expected one of lr, pixels, grad, nan, labelflip)'],
    ['*2@10', '--inject "*2@10": unknown kind "*2" (expected one of lr, pixels, grad, nan, labelflip)'],
    ['nan*2@10', '--inject "nan*2@10": "nan" takes no factor or fraction (got "nan*2")'],
    ['labelflip*0.2@10', '--inject "labelflip*0.2@10": "labelflip" needs a fraction: "labelflip=f@…" (got "labelflip*0.2")'],
    ['labelflip=1.5@10', '--inject "labelflip=1.5@10": fraction 1.5 is outside [0, 1]'],
    ['lr*2@100%', '--inject "lr*2@100%": start percentage 100% is outside [0, 100)'],
    ['lr*2@abc%', '--inject "lr*2@abc%": start percentage "abc" is not a number'],
    ['lr*2@1.5', '--inject "lr*2@1.5": start step "1.5" is not an integer ≥ 0'],
    ['lr*2@-3', '--inject "lr*2@-3": start step "-3" is not an integer ≥ 0'],
    ['lr*2@10:0', '--inject "lr*2@10:0": duration "0" is not an integer ≥ 1'],
    ['lr*2@10:', '--inject "lr*2@10:": duration "" is not a number'],
    ['', '--inject "": empty spec (expected e.g. "lr*100@30%:50")'],
  ])('should reject %j with a message naming the spec', (spec, message) => {
    expect(() => parseInject(spec)).toThrow(InjectSpecError);
    expect(() => parseInject(spec)).toThrow(message);
  });
});
