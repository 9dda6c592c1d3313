import { describe, expect, it } from 'vitest';
import { fetchWorker } from './fetch-worker';

describe('GET /', () => {
  it('should serve the demo page with a nonce CSP that allows exactly its inline script and style', async () => {
    const response = await fetchWorker('/');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/html');
    const csp = response.headers.get('content-security-policy') ?? '';
    const nonce = /script-src 'nonce-([^']+)'/.exec(csp)?.[1];
    expect(nonce).toBeDefined();
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("connect-src 'self'");
    const html = await response.text();
    expect(html).toContain(`<script nonce="${nonce}">`);
    expect(html).toContain(`<style nonce="${nonce}">`);
    // Offline: nothing loaded from elsewhere.
    expect(html).not.toMatch(/(src|href)="https?:/);
  });

  it('should use a fresh nonce per response', async () => {
    const first = (await fetchWorker('/')).headers.get('content-security-policy');
    const second = (await fetchWorker('/')).headers.get('content-security-policy');
    expect(first).not.toBe(second);
  });
});
