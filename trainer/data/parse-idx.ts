/** An IDX tensor (the MNIST file format): its dimensions and unsigned-byte contents. */
export interface IdxTensor {
  dims: number[];
  data: Uint8Array;
}

const UNSIGNED_BYTE = 0x08;

/**
 * Parses an IDX file of unsigned bytes (magic `0x00 0x00 0x08 <rank>`, big-endian int32 dims, data).
 * `source` names the file in error messages.
 */
export function parseIdx(bytes: Uint8Array, source: string): IdxTensor {
  if (bytes.byteLength < 4 || bytes[0] !== 0 || bytes[1] !== 0) {
    throw new Error(`${source}: not an IDX file (bad magic number)`);
  }
  if (bytes[2] !== UNSIGNED_BYTE) {
    throw new Error(`${source}: IDX element type 0x${(bytes[2] ?? 0).toString(16)} is not supported (expected 0x08, unsigned byte)`);
  }
  const rank = bytes[3] ?? 0;
  const headerBytes = 4 + 4 * rank;
  if (rank === 0 || bytes.byteLength < headerBytes) {
    throw new Error(`${source}: IDX header truncated (rank ${rank}, ${bytes.byteLength} bytes)`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const dims = Array.from({ length: rank }, (_, axis) => view.getUint32(4 + 4 * axis, false));
  const expected = dims.reduce((product, size) => product * size, 1);
  const actual = bytes.byteLength - headerBytes;
  if (actual !== expected) {
    throw new Error(`${source}: IDX dims ${dims.join('×')} need ${expected} data bytes, file has ${actual}`);
  }
  return { dims, data: bytes.subarray(headerBytes) };
}
