import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderReportHtml } from '../../../trainer/report/render-report-html';
import { writeReportHtml } from '../../../trainer/report/write-report-html';
import { sampleReportInput } from './sample-report-input';

describe('writeReportHtml', () => {
  it('should write the rendered page', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'edgefuse-report-'));
    try {
      const input = sampleReportInput(500);
      const path = join(dir, 'report.html');
      await writeReportHtml(path, input);
      expect(await readFile(path, 'utf8')).toBe(renderReportHtml(input));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
