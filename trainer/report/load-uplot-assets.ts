import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

/** uPlot's browser bundle and stylesheet, to inline into a page. */
export interface UplotAssets {
  /** `uPlot.iife.min.js`: defines the global `uPlot`. */
  script: string;
  /** `uPlot.min.css`. */
  css: string;
}

/**
 * Reads uPlot's IIFE bundle and CSS from `node_modules` (resolved from this file, not the cwd).
 * Not cached: call it once per page rendered. Throws if either file could close the inline
 * `<script>`/`<style>` element it is meant for.
 */
export function loadUplotAssets(): UplotAssets {
  const require = createRequire(import.meta.url);
  const script = readFileSync(require.resolve('uplot/dist/uPlot.iife.min.js'), 'utf8');
  const css = readFileSync(require.resolve('uplot/dist/uPlot.min.css'), 'utf8');
  if (/<\/script/i.test(script)) throw new Error('uPlot.iife.min.js contains "</script" and cannot be inlined');
  if (/<\/style/i.test(css)) throw new Error('uPlot.min.css contains "</style" and cannot be inlined');
  return { script, css };
}
