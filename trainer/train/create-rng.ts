/** A seeded pseudo-random source of floats in [0, 1). */
export type Rng = () => number;

/** An `Rng` whose position in its stream can be saved and restored (checkpoints). */
export interface SeededRng extends Rng {
  /** The generator's 32-bit state: `restore(getState())` continues the same stream. */
  getState(): number;
  restore(state: number): void;
}

/** mulberry32: small, fast, good enough for shuffling and augmentation; same seed, same stream. */
export function createRng(seed: number): SeededRng {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return Object.assign(next, {
    getState: () => state,
    restore: (saved: number) => {
      state = saved >>> 0;
    },
  });
}

/** Fisher–Yates shuffle of `0 … count-1` driven by `rng`. */
export function shuffledIndices(count: number, rng: Rng): Uint32Array {
  const order = new Uint32Array(count);
  for (let index = 0; index < count; index++) order[index] = index;
  for (let index = count - 1; index > 0; index--) {
    const other = Math.floor(rng() * (index + 1));
    const held = order[index] as number;
    order[index] = order[other] as number;
    order[other] = held;
  }
  return order;
}
