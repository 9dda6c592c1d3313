import { DEMO_PAGE_SCRIPT } from './demo-page-script';
import { DEMO_PAGE_STYLES } from './demo-page-styles';

/** The demo page's HTML; `nonce` marks its inline style and script for the page's CSP. */
export function renderDemoPage(nonce: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>edgefuse demo</title>
<link rel="icon" href="data:,">
<style nonce="${nonce}">${DEMO_PAGE_STYLES}</style>
</head>
<body>
<h1>edgefuse — image classifier at the edge</h1>
<label>Model <select id="model"></select></label>
<label>Top k <input id="top-k" type="number" min="1" value="5"></label>
<label>API token (only if the worker requires one) <input id="token" type="password" autocomplete="off"></label>
<div id="drop" role="button" tabindex="0">Drop an image here, or click to pick one (PNG or JPEG)</div>
<input id="file" type="file" accept="image/png,image/jpeg" hidden>
<img id="preview" alt="the image sent" hidden>
<p id="status" aria-live="polite"></p>
<ol id="results"></ol>
<script nonce="${nonce}">${DEMO_PAGE_SCRIPT}</script>
</body>
</html>
`;
}
