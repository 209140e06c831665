// The index page's static script and stylesheet, served from /lab.js and /lab.css so the pages
// can run under a strict Content-Security-Policy with no inline script, and the lab's icon
// (/favicon.ico, AuthLens's own: browsers ask for it, and a 404 shows as an error in DevTools).
import { readFileSync } from 'node:fs';
import path from 'node:path';

export const FAVICON: Uint8Array = readFileSync(
  path.join(import.meta.dirname, '..', 'public', 'icons', 'icon-32.png'),
);

/** Runs in the browser. Writes results with textContent only: header text is never markup. */
export const LAB_JS = `'use strict';
for (const button of document.querySelectorAll('button[data-fetch]')) {
  button.addEventListener('click', async () => {
    const out = document.getElementById(button.dataset.out);
    if (!out) return;
    const headers = JSON.parse(button.dataset.headers || '{}');
    // Which case this box answers: a section's cases share one box.
    const names = Object.keys(headers);
    const request =
      button.dataset.case + ': GET ' + button.dataset.fetch +
      (names.length ? ' with ' + names.join(', ') : ' without credentials');
    out.textContent = request + '\\nFetching…';
    try {
      // credentials: 'omit' keeps cookies and cached HTTP credentials out and suppresses the
      // browser's login prompt, so the raw challenge reaches the page. Explicit headers still go.
      const res = await fetch(button.dataset.fetch, {
        credentials: 'omit',
        cache: 'no-store',
        headers,
      });
      const where = res.redirected ? ' (after redirects, at ' + new URL(res.url).pathname + ')' : '';
      const lines = [res.status + ' ' + res.statusText + where];
      for (const name of ['WWW-Authenticate', 'Authentication-Info']) {
        const value = res.headers.get(name);
        if (value !== null) lines.push(name + ': ' + value);
      }
      if (lines.length === 1) lines.push('(no WWW-Authenticate field)');
      out.textContent = request + '\\n' + lines.join('\\n');
    } catch (error) {
      out.textContent = request + '\\nfetch failed: ' + String(error);
    }
  });
}
`;

export const LAB_CSS = `body { font: 15px/1.45 system-ui, sans-serif; max-width: 60rem; margin: 1.5rem auto; padding: 0 1rem; color: #1b1b1b; }
h1 { font-size: 1.6rem; } h2 { font-size: 1.15rem; margin-top: 2rem; border-top: 1px solid #ddd; padding-top: 1rem; }
code, pre, output { font: 13px/1.4 ui-monospace, monospace; }
pre, output { display: block; white-space: pre-wrap; overflow-wrap: anywhere; background: #f5f5f5; padding: .4rem .6rem; max-height: 12rem; overflow: auto; }
table { border-collapse: collapse; width: 100%; } td, th { border-bottom: 1px solid #eee; padding: .3rem; text-align: left; vertical-align: top; }
button, a.button { font: inherit; margin: .1rem; }
.note { color: #555; }
@media (prefers-color-scheme: dark) { body { background: #161616; color: #e4e4e4; } pre, output { background: #262626; } td, th, h2 { border-color: #333; } .note { color: #aaa; } a { color: #8ab4f8; } }
`;
