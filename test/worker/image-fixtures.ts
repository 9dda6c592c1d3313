import { inject } from 'vitest';
import { bytesOf } from './provided-context';
import './provided-context';

/** The first MNIST test digit (a 7) as PNG or (quality 95) JPEG bytes. */
export function digitBytes(format: 'png' | 'jpg', index = 0): Uint8Array {
  const digits = inject('digits').filter((digit) => digit.name.endsWith(`.${format}`));
  const digit = digits[index];
  if (digit === undefined) throw new Error(`no ${format} digit fixture ${index}`);
  return bytesOf(digit);
}

/** The label of the `index`-th digit fixture of `format`. */
export function digitLabel(format: 'png' | 'jpg', index = 0): number {
  const digit = inject('digits').filter((candidate) => candidate.name.endsWith(`.${format}`))[index];
  if (digit === undefined) throw new Error(`no ${format} digit fixture ${index}`);
  return digit.label;
}

/** Standard base64 of `bytes` (workerd has btoa, not Buffer). */
export function toBase64(bytes: Uint8Array): string {
  return btoa(Array.from(bytes, (byte) => String.fromCharCode(byte)).join(''));
}
