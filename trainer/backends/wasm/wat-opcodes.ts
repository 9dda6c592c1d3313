/** How an instruction's immediates follow its opcode. */
export type Immediate = 'none' | 'local' | 'memory' | 'lane';

/** One instruction's binary form. */
export interface Opcode {
  readonly bytes: readonly number[];
  readonly immediate: Immediate;
  /** log2 of the natural alignment, for loads and stores. */
  readonly align?: number;
}

const plain = (...bytes: number[]): Opcode => ({ bytes, immediate: 'none' });
const simd = (code: number, immediate: Immediate = 'none', align?: number): Opcode =>
  ({ bytes: [0xfd, ...unsigned(code)], immediate, ...(align === undefined ? {} : { align }) });
const memory = (code: number, align: number): Opcode => ({ bytes: [code], immediate: 'memory', align });

/**
 * The WebAssembly instructions `assembleWat` knows besides control flow and constants: name →
 * binary encoding (SIMD ones behind the 0xfd prefix) and the immediates that follow.
 */
export const OPCODES: Readonly<Record<string, Opcode>> = {
  'drop': plain(0x1a), 'select': plain(0x1b), 'return': plain(0x0f),
  'local.get': { bytes: [0x20], immediate: 'local' },
  'local.set': { bytes: [0x21], immediate: 'local' },
  'local.tee': { bytes: [0x22], immediate: 'local' },
  'i32.load': memory(0x28, 2), 'f32.load': memory(0x2a, 2), 'f64.load': memory(0x2b, 3),
  'i32.store': memory(0x36, 2), 'f32.store': memory(0x38, 2), 'f64.store': memory(0x39, 3),
  'i32.eqz': plain(0x45), 'i32.eq': plain(0x46), 'i32.ne': plain(0x47), 'i32.lt_s': plain(0x48),
  'i32.lt_u': plain(0x49), 'i32.gt_s': plain(0x4a), 'i32.gt_u': plain(0x4b), 'i32.le_s': plain(0x4c),
  'i32.le_u': plain(0x4d), 'i32.ge_s': plain(0x4e), 'i32.ge_u': plain(0x4f),
  'f32.eq': plain(0x5b), 'f32.ne': plain(0x5c), 'f32.lt': plain(0x5d), 'f32.gt': plain(0x5e),
  'f32.le': plain(0x5f), 'f32.ge': plain(0x60),
  'i32.add': plain(0x6a), 'i32.sub': plain(0x6b), 'i32.mul': plain(0x6c), 'i32.div_u': plain(0x6e),
  'i32.rem_u': plain(0x70), 'i32.and': plain(0x71), 'i32.or': plain(0x72), 'i32.shl': plain(0x74),
  'i32.shr_u': plain(0x76),
  'f32.abs': plain(0x8b), 'f32.neg': plain(0x8c), 'f32.sqrt': plain(0x91), 'f32.add': plain(0x92),
  'f32.sub': plain(0x93), 'f32.mul': plain(0x94), 'f32.div': plain(0x95), 'f32.min': plain(0x96),
  'f32.max': plain(0x97),
  'f64.add': plain(0xa0), 'f64.sub': plain(0xa1), 'f64.mul': plain(0xa2), 'f64.div': plain(0xa3),
  'f32.demote_f64': plain(0xb6), 'f64.promote_f32': plain(0xbb),
  'v128.load': simd(0x00, 'memory', 4), 'v128.load32_splat': simd(0x09, 'memory', 2),
  'v128.store': simd(0x0b, 'memory', 4),
  'i32x4.splat': simd(0x11), 'f32x4.splat': simd(0x13),
  'f32x4.extract_lane': simd(0x1f, 'lane'), 'f32x4.replace_lane': simd(0x20, 'lane'),
  'f32x4.eq': simd(0x41), 'f32x4.ne': simd(0x42), 'f32x4.lt': simd(0x43), 'f32x4.gt': simd(0x44),
  'f32x4.le': simd(0x45), 'f32x4.ge': simd(0x46),
  'v128.not': simd(0x4d), 'v128.and': simd(0x4e), 'v128.andnot': simd(0x4f), 'v128.or': simd(0x50),
  'v128.xor': simd(0x51), 'v128.bitselect': simd(0x52), 'v128.any_true': simd(0x53),
  'f64x2.promote_low_f32x4': simd(0x5f),
  'f32x4.abs': simd(0xe0), 'f32x4.neg': simd(0xe1), 'f32x4.sqrt': simd(0xe3), 'f32x4.add': simd(0xe4),
  'f32x4.sub': simd(0xe5), 'f32x4.mul': simd(0xe6), 'f32x4.div': simd(0xe7), 'f32x4.min': simd(0xe8),
  'f32x4.max': simd(0xe9), 'f32x4.pmin': simd(0xea), 'f32x4.pmax': simd(0xeb),
};


/** Unsigned LEB128, as every index, size and SIMD opcode is encoded. */
export function unsigned(value: number): number[] {
  const bytes: number[] = [];
  let rest = value >>> 0;
  do {
    const byte = rest & 0x7f;
    rest >>>= 7;
    bytes.push(rest === 0 ? byte : byte | 0x80);
  } while (rest !== 0);
  return bytes;
}
