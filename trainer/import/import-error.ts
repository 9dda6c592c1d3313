/**
 * A model directory or an import flag that cannot be used: `npm run import` prints the message on
 * one line (it names the file or flag and what is wrong) and exits 2 with nothing written.
 */
export class ImportError extends Error {
  override readonly name = 'ImportError';
}
