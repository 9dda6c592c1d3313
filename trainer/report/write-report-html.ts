import { writeFileAtomic } from '../io/write-file-atomic';
import { renderReportHtml } from './render-report-html';
import type { ReportHtmlInput } from './report-html-input';

/** Renders `input` with `renderReportHtml` and writes it to `path` atomically (old file or whole new one). */
export async function writeReportHtml(path: string, input: ReportHtmlInput): Promise<void> {
  await writeFileAtomic(path, renderReportHtml(input));
}
