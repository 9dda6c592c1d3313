import { describe, expect, it } from 'vitest';
import { parseTotalUpload } from '../../../bench/serve/parse-total-upload';

describe('parseTotalUpload', () => {
  it("should read both sizes from wrangler's dry-run output", () => {
    const output = ['Total Upload: 1253.64 KiB / gzip: 342.48 KiB', 'Your Worker has access to the following bindings:'].join('\n');
    expect(parseTotalUpload(output)).toEqual({ kib: 1253.64, gzipKib: 342.48 });
  });

  it('should read the sizes through the ANSI colours wrangler adds on a terminal', () => {
    expect(parseTotalUpload('Total Upload: \u001b[32m12.50 KiB / gzip: 3.25 KiB\u001b[39m')).toEqual({ kib: 12.5, gzipKib: 3.25 });
  });

  it('should return undefined when the line is missing', () => {
    expect(parseTotalUpload('--dry-run: exiting now.')).toBeUndefined();
  });
});
