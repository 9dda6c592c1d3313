/** An IDX file of unsigned bytes: magic `0 0 8 <rank>`, big-endian int32 dims, then `data`. */
export function encodeIdx(dims: readonly number[], data: ArrayLike<number>): Uint8Array {
  const bytes = new Uint8Array(4 + 4 * dims.length + data.length);
  bytes.set([0, 0, 8, dims.length]);
  const view = new DataView(bytes.buffer);
  dims.forEach((size, axis) => view.setUint32(4 + 4 * axis, size, false));
  bytes.set(data, 4 + 4 * dims.length);
  return bytes;
}
