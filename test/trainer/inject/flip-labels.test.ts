import { describe, expect, it } from 'vitest';
import { flipLabels } from '../../../trainer/inject/flip-labels';
import { createRng } from '../../../trainer/train/create-rng';

/** A random source replaying fixed draws. */
function scripted(draws: number[]): () => number {
  let index = 0;
  return () => {
    const draw = draws[index++];
    if (draw === undefined) throw new Error('scripted random source ran out of draws');
    return draw;
  };
}

describe('flipLabels', () => {
  // 5 labels, fraction 0.4 → 2 flips. Draws:
  //   0.5 → position 0 + ⌊0.5·5⌋ = 2 (label 2); 0.0 → class (2 + 1 + ⌊0·4⌋) mod 5 = 3
  //   0.9 → position 1 + ⌊0.9·4⌋ = index 4 of [2,1,0,3,4] → 4 (label 4); 0.6 → (4 + 1 + 2) mod 5 = 2
  it('should flip the positions and classes the random draws pick', () => {
    const labels = Uint8Array.of(0, 1, 2, 3, 4);
    const flipped = flipLabels(labels, 5, 0.4, scripted([0.5, 0.0, 0.9, 0.6]));
    expect(flipped).toEqual(Uint8Array.of(0, 1, 3, 3, 2));
    expect(labels).toEqual(Uint8Array.of(0, 1, 2, 3, 4));
  });

  it('should change exactly round(fraction · batch) labels, each to another valid class', () => {
    const labels = Uint8Array.from({ length: 64 }, (_, index) => index % 10);
    const flipped = flipLabels(labels, 10, 0.2, createRng(7));
    const changed = Array.from(flipped).filter((label, index) => label !== labels[index]);
    expect(changed).toHaveLength(13); // round(12.8)
    expect(changed.every((label) => label < 10)).toBe(true);
    expect(flipLabels(labels, 10, 0.2, createRng(7))).toEqual(flipped);
  });

  it('should leave every label alone at fraction 0 and change all at 1', () => {
    const labels = Uint8Array.of(1, 1, 0);
    expect(flipLabels(labels, 2, 0, createRng(1))).toEqual(labels);
    expect(flipLabels(labels, 2, 1, createRng(1))).toEqual(Uint8Array.of(0, 0, 1));
  });

  it('should refuse a bad fraction, class count or label', () => {
    expect(() => flipLabels(Uint8Array.of(0), 10, 1.5, createRng(1))).toThrow(/fraction must be in \[0, 1\], got 1.5/);
    expect(() => flipLabels(Uint8Array.of(0), 1, 0.5, createRng(1))).toThrow(/numClasses must be an integer in \[2, 256\], got 1/);
    expect(() => flipLabels(Uint8Array.of(7), 5, 1, createRng(1))).toThrow(/label 7 at 0 is not below numClasses 5/);
  });
});
