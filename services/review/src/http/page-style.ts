import { createHash } from 'node:crypto';

/**
 * The stylesheet of review's HTML pages (timeline.html, analytics.html), as comms' status page does it: one constant
 * `<style>`, allowed by its hash in the page's CSP, light and dark from `prefers-color-scheme`. Charts colour themselves
 * with attributes (src/http/svg), so nothing else needs a style.
 */
export const PAGE_STYLE = `
:root { color-scheme: light dark; --bg: #ffffff; --fg: #1b1f24; --muted: #4d5661; --line: #d0d7de; --card: #f6f8fa; --hl: #fff8c5; }
@media (prefers-color-scheme: dark) {
  :root { --bg: #0d1117; --fg: #e6edf3; --muted: #9da7b3; --line: #30363d; --card: #161b22; --hl: #3b2e00; }
}
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 72rem; padding: 1rem; background: var(--bg); color: var(--fg);
  font: 0.95rem/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
a { color: inherit; }
h1 { font-size: 1.5rem; margin: .5rem 0; }
h2 { font-size: 1.15rem; margin: 2rem 0 .5rem; border-bottom: 1px solid var(--line); padding-bottom: .25rem; }
.muted, time { color: var(--muted); }
.figures { display: flex; flex-wrap: wrap; gap: .5rem 1.5rem; padding: 0; margin: .5rem 0; list-style: none; }
.figures dt { color: var(--muted); font-size: .8rem; }
.figures dd { margin: 0; font-weight: 600; }
.figures div { background: var(--card); border: 1px solid var(--line); border-radius: .4rem; padding: .4rem .8rem; }
figure { margin: 1rem 0; background: var(--card); border: 1px solid var(--line); border-radius: .4rem; padding: .5rem; }
figcaption { font-weight: 600; margin: 0 0 .25rem .25rem; }
svg a:focus circle, svg a:hover circle { stroke-width: 3; }
svg a:focus, svg a:hover { outline: none; }
table { border-collapse: collapse; width: 100%; font-size: .88rem; }
th, td { text-align: left; vertical-align: top; padding: .3rem .5rem; border-bottom: 1px solid var(--line); }
td.summary { white-space: pre-line; overflow-wrap: anywhere; }
td.id { font-family: ui-monospace, monospace; font-size: .75rem; color: var(--muted); }
tr:target { background: var(--hl); outline: 2px solid currentColor; }
nav p { margin: .25rem 0; }
`;

/** The pages' Content-Security-Policy: nothing loads, nothing runs; only the stylesheet above (by its hash) applies. */
export const PAGE_CSP = [
  "default-src 'none'",
  `style-src 'sha256-${createHash('sha256').update(PAGE_STYLE).digest('base64')}'`,
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');
