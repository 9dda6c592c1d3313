/** The report page's own stylesheet (light, system fonts, one column that fits any width). */
export const REPORT_STYLES = String.raw`
:root { color-scheme: light; --fg: #0f172a; --muted: #64748b; --border: #e2e8f0; --bg: #f8fafc; --card: #fff; }
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--fg); font: 14px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", sans-serif; }
main { max-width: 1200px; margin: 0 auto; padding: 24px 16px 48px; }
header h1 { margin: 0; font-size: 24px; font-weight: 650; overflow-wrap: anywhere; }
header p { margin: 4px 0 0; }
section { margin-top: 16px; padding: 16px 20px 20px; background: var(--card); border: 1px solid var(--border); border-radius: 10px; }
h2 { margin: 0 0 12px; font-size: 17px; font-weight: 650; }
h3 { margin: 20px 0 2px; font-size: 12px; font-weight: 650; color: var(--muted); text-transform: uppercase; letter-spacing: .05em; }
.muted { color: var(--muted); }
.note { margin: 0 0 8px; font-size: 13px; color: var(--muted); }
.scroll { overflow-x: auto; }
table { border-collapse: collapse; font-variant-numeric: tabular-nums; }
td.num { text-align: right; }
.summary { display: block; width: 100%; }
.summary tbody { display: grid; grid-template-columns: repeat(auto-fill, minmax(260px, 1fr)); column-gap: 32px; }
.summary tr { display: flex; justify-content: space-between; gap: 16px; padding: 5px 0; border-bottom: 1px solid var(--border); }
.summary th { font: 500 13px ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; color: var(--muted); text-align: left; }
.summary td { text-align: right; overflow-wrap: anywhere; }
.chart { width: 100%; min-height: 40px; }
.event-legend { display: flex; flex-wrap: wrap; align-items: center; gap: 6px; font-size: 13px; }
.legend-item { padding: 2px 10px; font: inherit; color: inherit; background: #fff; border: 1px solid var(--border); border-radius: 999px; cursor: pointer; }
.legend-item[aria-pressed="false"] { opacity: .4; text-decoration: line-through; }
.swatch { display: inline-block; width: 10px; height: 10px; margin-right: 6px; border-radius: 2px; }
.uplot { font-family: inherit; }
.uplot .u-legend { font-size: 12px; }
.events-wrap { max-height: 480px; overflow: auto; }
.events th, .events td { padding: 4px 14px 4px 0; text-align: left; border-bottom: 1px solid var(--border); vertical-align: top; }
.events thead th { position: sticky; top: 0; background: var(--card); color: var(--muted); font-weight: 600; }
.events td.num { text-align: right; padding-right: 20px; }
.events td.detail { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 13px; overflow-wrap: anywhere; }
.confusion th, .confusion td { padding: 6px 8px; text-align: center; }
.confusion th.label { font-weight: 600; max-width: 9em; overflow-wrap: anywhere; }
.confusion thead th { border-bottom: 1px solid var(--border); }
.confusion th.corner { font-weight: 500; font-size: 12px; color: var(--muted); white-space: nowrap; }
.confusion td.cell { min-width: 46px; border: 1px solid #fff; }
.confusion td.zero { color: #cbd5e1; }
.confusion td.diag { font-weight: 700; box-shadow: inset 0 0 0 2px #1e3a8a; }
.confusion .metric { color: var(--muted); font-size: 13px; }
.confusion td.metric { padding-left: 14px; }
.confusion tr.precision td, .confusion tr.precision th { border-top: 1px solid var(--border); }
.confusion td.overall { font-weight: 650; color: var(--fg); }
`;
