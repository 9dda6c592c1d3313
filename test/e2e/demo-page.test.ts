import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalWorker } from '../../bench/serve/start-local-worker';
import type { LocalWorker } from '../../bench/serve/start-local-worker';
import { ROOT } from '../helpers/run-cli';
import { encodeBlockJpeg, exifOrientationTiff, storedForOrientation, withExifSegment } from '../helpers/block-jpeg';

const CHROMIUM = '/usr/bin/chromium';
const SAMPLE = join(ROOT, 'samples', 'digit-7.png');
/** Screenshots land here (gitignored). */
const RESULTS = join(ROOT, 'test-results');
const hasChromium = existsSync(CHROMIUM);

if (!hasChromium) console.warn(`demo page browser test skipped: ${CHROMIUM} is missing (apt-get install -y chromium)`);

describe.skipIf(!hasChromium)('demo page in chromium, served by wrangler dev', () => {
  let server: LocalWorker | undefined;
  let browser: Browser | undefined;
  // Kept so afterAll can stop the server even when the hook times out while it is still starting.
  let starting: Promise<LocalWorker> | undefined;

  beforeAll(async () => {
    // Generous: under a loaded CI machine wrangler dev has been seen to take minutes to answer.
    starting = startLocalWorker({ root: ROOT, readyTimeoutMs: 240_000 });
    server = await starting;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      timeout: 60_000,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
  }, 330_000);

  afterAll(async () => {
    await browser?.close();
    await (server ?? (await starting?.catch(() => undefined)))?.stop();
  }, 330_000);

  it('should rank 7 first for samples/digit-7.png, with the inline script allowed by the CSP', async () => {
    if (server === undefined || browser === undefined) throw new Error('setup failed');
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text());
    });
    page.on('pageerror', (error) => problems.push(error.message));
    // Offline: the page may talk to the worker only.
    const origins = new Set<string>();
    page.on('request', (request) => origins.add(new URL(request.url()).origin));

    await page.goto(`${server.url}/`);
    await page.waitForSelector('#model option[value="mnist"]', { state: 'attached' });
    await page.setInputFiles('#file', SAMPLE);
    await page.waitForSelector('#results li');

    const labels = await page.$$eval('#results li', (items) => items.map((item) => item.getAttribute('data-label')));
    expect(labels[0]).toBe('7');
    expect(labels).toHaveLength(5);
    const width = await page.$eval('#results li .bar', (bar) => bar.getBoundingClientRect().width);
    expect(width).toBeGreaterThan(0);
    expect(await page.textContent('#status')).toMatch(/mnist v1/);
    expect(problems).toEqual([]);
    expect([...origins].filter((origin) => origin !== server?.url && origin !== 'blob:' && origin !== 'null')).toEqual([]);

    await mkdir(RESULTS, { recursive: true });
    await page.screenshot({ path: join(RESULTS, 'demo-page.png'), fullPage: true });
  });

  it('should preview a sideways phone JPEG upright, as the model (orientation: exif) sees it', async () => {
    if (server === undefined || browser === undefined) throw new Error('setup failed');
    // Upright: 1 block wide, 3 tall; stored turned (EXIF 6), so the file itself is 24×8.
    const upright = [[255], [128], [0]];
    const jpeg = withExifSegment(encodeBlockJpeg(storedForOrientation(upright, 6)), exifOrientationTiff(6));
    await mkdir(RESULTS, { recursive: true });
    const file = join(RESULTS, 'sideways-exif-6.jpg');
    await writeFile(file, jpeg);
    const page = await browser.newPage();
    await page.goto(`${server.url}/`);
    await page.waitForSelector('#model option[value="mnist"]', { state: 'attached' });
    await page.setInputFiles('#file', file);
    await page.waitForSelector('#results li');
    await page.waitForFunction(() => {
      const preview = document.getElementById('preview') as HTMLImageElement | null;
      return preview !== null && preview.complete && preview.naturalWidth > 0;
    });
    const shown = await page.$eval('#preview', (img) => {
      const preview = img as HTMLImageElement;
      return { width: preview.naturalWidth, height: preview.naturalHeight, mode: preview.dataset.orientation, css: getComputedStyle(preview).imageOrientation };
    });
    expect(shown).toEqual({ width: 8, height: 24, mode: 'exif', css: 'from-image' });
  });
});
