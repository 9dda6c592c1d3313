/**
 * SHA-256 of bytes as lowercase hex, through Web Crypto (present in Node ≥ 20 and workerd).
 *
 * @example
 * await sha256Hex(new TextEncoder().encode('abc')); // 'ba7816bf…'
 */
export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  // Web Crypto's typings want an ArrayBuffer-backed view; copy only when given a shared buffer.
  const view = bytes.buffer instanceof ArrayBuffer ? (bytes as Uint8Array<ArrayBuffer>) : new Uint8Array(bytes);
  const digest = await crypto.subtle.digest('SHA-256', view);
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, '0')).join('');
}
