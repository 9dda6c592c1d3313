/** The sizes in wrangler's `Total Upload: X KiB / gzip: Y KiB` line, in KiB as printed (2 decimals). */
export interface TotalUpload {
  kib: number;
  gzipKib: number;
}

/**
 * Finds wrangler's `Total Upload` line in `output` (colour codes allowed) and returns its two
 * sizes; `undefined` when the line is not there (a wrangler that words it differently).
 *
 * @example parseTotalUpload('Total Upload: 1253.64 KiB / gzip: 342.48 KiB') // { kib: 1253.64, gzipKib: 342.48 }
 */
export function parseTotalUpload(output: string): TotalUpload | undefined {
  // wrangler colours the sizes with ANSI escapes on a TTY.
  const plain = output.replace(/\u001b\[[0-9;]*m/g, '');
  const match = /Total Upload: ([\d.]+) KiB \/ gzip: ([\d.]+) KiB/.exec(plain);
  if (match === null) return undefined;
  return { kib: Number(match[1]), gzipKib: Number(match[2]) };
}
