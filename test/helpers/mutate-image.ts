// fast-check arbitraries that turn valid PNG/JPEG bytes into hostile ones: truncated, bit-flipped,
// spliced, with forged header sizes, with or without CRCs repaired. Pure TypeScript over
// Uint8Array, so the same corpus runs in Node (decoder, folder loader) and workerd (HTTP).
import fc from 'fast-check';
import { forgeJpegSize } from './jpeg-bytes';
import { crc32, forgePngSize } from './png-bytes';

export type ImageKind = 'png' | 'jpeg';

/** One edit; positions are taken modulo the length of the bytes it applies to. */
export type ImageMutation =
  | { kind: 'truncate'; at: number }
  | { kind: 'flip'; at: number; xor: number }
  | { kind: 'overwrite'; at: number; bytes: number[] }
  | { kind: 'delete'; at: number; length: number }
  | { kind: 'repeat'; at: number; length: number; times: number }
  | { kind: 'forge-size'; width: number; height: number };

/** A mutated file and how it was made (printed by fast-check when a property fails). */
export interface MutatedImage {
  kind: ImageKind;
  seed: number;
  mutations: ImageMutation[];
  /** PNG only: every chunk CRC recomputed after the edits, so the decoder looks past them. */
  fixedCrcs: boolean;
  bytes: Uint8Array;
}

/** Sizes that hit edges: zero, one, 16-bit and 31/32-bit limits, bombs, plus anything else. */
export const hostileSize = fc.oneof(
  fc.constantFrom(0, 1, 2, 28, 20_000, 30_000, 65_535, 65_536, 2 ** 31 - 1, 2 ** 32 - 1),
  fc.integer({ min: 0, max: 70_000 }),
);

const position = fc.nat({ max: 1 << 20 });

export const imageMutation: fc.Arbitrary<ImageMutation> = fc.oneof(
  fc.record({ kind: fc.constant('truncate' as const), at: position }),
  fc.record({ kind: fc.constant('flip' as const), at: position, xor: fc.integer({ min: 1, max: 255 }) }),
  fc.record({ kind: fc.constant('overwrite' as const), at: position, bytes: fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 1, maxLength: 16 }) }),
  fc.record({ kind: fc.constant('delete' as const), at: position, length: fc.integer({ min: 1, max: 64 }) }),
  fc.record({ kind: fc.constant('repeat' as const), at: position, length: fc.integer({ min: 1, max: 64 }), times: fc.integer({ min: 1, max: 8 }) }),
  fc.record({ kind: fc.constant('forge-size' as const), width: hostileSize, height: hostileSize }),
);

/** Applies one mutation to a copy of `bytes`. A size forgery needs a parseable header, else it is a no-op. */
export function applyMutation(bytes: Uint8Array, mutation: ImageMutation, kind: ImageKind): Uint8Array {
  const length = bytes.length;
  const at = length === 0 ? 0 : mutation.kind === 'forge-size' ? 0 : mutation.at % length;
  switch (mutation.kind) {
    case 'truncate':
      return bytes.slice(0, at);
    case 'flip': {
      const out = bytes.slice();
      if (length > 0) out[at] = (out[at] ?? 0) ^ mutation.xor;
      return out;
    }
    case 'overwrite': {
      const out = bytes.slice();
      out.set(mutation.bytes.slice(0, Math.max(0, length - at)), at);
      return out;
    }
    case 'delete': {
      const out = new Uint8Array(length - Math.min(mutation.length, length - at));
      out.set(bytes.subarray(0, at));
      out.set(bytes.subarray(at + mutation.length), at);
      return out;
    }
    case 'repeat': {
      const piece = bytes.subarray(at, at + mutation.length);
      const out = new Uint8Array(length + piece.length * mutation.times);
      out.set(bytes.subarray(0, at));
      for (let copy = 0; copy < mutation.times; copy++) out.set(piece, at + copy * piece.length);
      out.set(bytes.subarray(at), at + piece.length * mutation.times);
      return out;
    }
    case 'forge-size':
      try {
        return kind === 'png' ? forgePngSize(bytes, mutation.width, mutation.height) : forgeJpegSize(bytes, mutation.width, mutation.height);
      } catch {
        return bytes.slice(); // earlier edits broke the header: nothing left to forge
      }
  }
}

/** Recomputes the CRC of every complete chunk after the signature; bytes past a broken length stay. */
export function fixPngCrcs(png: Uint8Array): Uint8Array {
  const out = png.slice();
  const view = new DataView(out.buffer);
  let offset = 8;
  while (offset + 12 <= out.length) {
    const length = view.getUint32(offset);
    if (offset + 12 + length > out.length) break;
    view.setUint32(offset + 8 + length, crc32(out.subarray(offset + 4, offset + 8 + length)));
    offset += 12 + length;
  }
  return out;
}

/**
 * Hostile variants of `seeds` (valid files of one format): 1–3 mutations in a row, and for PNG
 * optionally repaired CRCs so flipped bits reach the inflater and the unfilter.
 */
export function mutatedImage(kind: ImageKind, seeds: readonly Uint8Array[]): fc.Arbitrary<MutatedImage> {
  if (seeds.length === 0) throw new Error(`no ${kind} seeds to mutate`);
  return fc
    .record({
      seed: fc.integer({ min: 0, max: seeds.length - 1 }),
      mutations: fc.array(imageMutation, { minLength: 1, maxLength: 3 }),
      fixedCrcs: kind === 'png' ? fc.boolean() : fc.constant(false),
    })
    .map(({ seed, mutations, fixedCrcs }) => {
      let bytes: Uint8Array = (seeds[seed] as Uint8Array).slice(); // seed < seeds.length by construction
      for (const mutation of mutations) bytes = applyMutation(bytes, mutation, kind);
      if (fixedCrcs) bytes = fixPngCrcs(bytes);
      return { kind, seed, mutations, fixedCrcs, bytes };
    });
}
