/** The demo page's stylesheet (inline, so the page works offline and under a nonce CSP). */
export const DEMO_PAGE_STYLES = `
:root { color-scheme: light dark; font-family: system-ui, sans-serif; }
body { max-width: 40rem; margin: 2rem auto; padding: 0 1rem; }
h1 { font-size: 1.4rem; }
label { display: block; margin: .5rem 0; }
#drop { border: 2px dashed #888; border-radius: .5rem; padding: 1.5rem; text-align: center; cursor: pointer; }
#drop.over { border-color: #2a7; background: #2a71; }
#preview { max-width: 8rem; max-height: 8rem; image-rendering: pixelated; display: block; margin: 1rem auto; }
#preview[hidden] { display: none; }
ol { list-style: none; padding: 0; }
li { display: grid; grid-template-columns: 4rem 1fr 4rem; gap: .5rem; align-items: center; margin: .25rem 0; }
.bar { height: 1rem; background: #2a7; border-radius: .25rem; min-width: 1px; }
.score { text-align: right; font-variant-numeric: tabular-nums; }
#status { min-height: 1.5rem; }
#status.error { color: #c33; }
`;
