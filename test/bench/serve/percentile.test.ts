import { describe, expect, it } from 'vitest';
import { percentile } from '../../../bench/serve/percentile';

describe('percentile', () => {
  it('should return the nearest-rank value: p50 of [1, 2, 3, 4] is 2, not an interpolated 2.5', () => {
    expect(percentile([1, 2, 3, 4], 50)).toBe(2);
  });

  it('should return the 99th of 100 values for p99 and the largest for p100', () => {
    const values = Array.from({ length: 100 }, (_, index) => index + 1);
    expect(percentile(values, 99)).toBe(99);
    expect(percentile(values, 100)).toBe(100);
  });

  it('should round the rank up, so a tail of one slow response in 50 shows in p99', () => {
    const values = [...Array.from({ length: 49 }, () => 10), 500];
    expect(percentile(values, 99)).toBe(500);
    expect(percentile(values, 50)).toBe(10);
  });

  it('should return the only value for any percentile of one value', () => {
    expect(percentile([7.25], 1)).toBe(7.25);
    expect(percentile([7.25], 99)).toBe(7.25);
  });

  it('should return undefined for no values', () => {
    expect(percentile([], 50)).toBeUndefined();
  });

  it('should refuse a percent outside (0, 100] with the value in the message', () => {
    expect(() => percentile([1], 0)).toThrow('got 0');
    expect(() => percentile([1], 101)).toThrow('got 101');
    expect(() => percentile([1], Number.NaN)).toThrow('got NaN');
  });
});
