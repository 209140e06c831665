// Extensions the browser benchmark writes into a temp dir to compare AuthLens with: the
// one-listener reference (a single onHeadersReceived listener with responseHeaders, the least any
// extension that reads challenges from webRequest must register), and variants that add one kind
// of listener each, to measure what each costs Chrome per request. Their listener bodies only
// count, so what they cost is Chrome delivering the events.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export type WebRequestEvent =
  | 'onBeforeRequest'
  | 'onBeforeSendHeaders'
  | 'onSendHeaders'
  | 'onHeadersReceived'
  | 'onAuthRequired'
  | 'onBeforeRedirect'
  | 'onResponseStarted'
  | 'onCompleted'
  | 'onErrorOccurred';

export interface ListenerSpec {
  event: WebRequestEvent;
  /** Defaults to every URL. */
  urls?: readonly string[];
  types?: readonly string[];
  extraInfoSpec?: readonly string[];
}

const all = ['<all_urls>'];
const responseHeaders: ListenerSpec = {
  event: 'onHeadersReceived',
  extraInfoSpec: ['responseHeaders'],
};

/** Named listener sets: `reference` and the variants `--variants` can name. */
export const LISTENER_SETS: Record<string, { about: string; listeners: ListenerSpec[] }> = {
  reference: {
    about: 'one onHeadersReceived listener with responseHeaders (the floor)',
    listeners: [responseHeaders],
  },
  'seven-empty': {
    about: "AuthLens's seven listeners, same filters and options, empty bodies",
    listeners: [
      { event: 'onBeforeRequest', types: ['main_frame'] },
      { event: 'onSendHeaders', extraInfoSpec: ['requestHeaders'] },
      { event: 'onHeadersReceived', extraInfoSpec: ['responseHeaders', 'extraHeaders'] },
      { event: 'onAuthRequired' },
      { event: 'onBeforeRedirect' },
      { event: 'onCompleted', extraInfoSpec: ['responseHeaders', 'extraHeaders'] },
      { event: 'onErrorOccurred' },
    ],
  },
  '+extraHeaders': {
    about: 'the reference with extraHeaders',
    listeners: [{ ...responseHeaders, extraInfoSpec: ['responseHeaders', 'extraHeaders'] }],
  },
  '+extraHeaders-unmatched': {
    about: 'the reference, plus an extraHeaders listener whose filter matches no request here',
    listeners: [
      responseHeaders,
      {
        event: 'onHeadersReceived',
        urls: ['https://unmatched.invalid/*'],
        extraInfoSpec: ['responseHeaders', 'extraHeaders'],
      },
    ],
  },
  '+sendHeaders': {
    about: 'the reference, plus onSendHeaders with requestHeaders',
    listeners: [responseHeaders, { event: 'onSendHeaders', extraInfoSpec: ['requestHeaders'] }],
  },
  '+sendHeaders-xhr': {
    about: 'the reference, plus onSendHeaders with requestHeaders for xmlhttprequest only',
    listeners: [
      responseHeaders,
      { event: 'onSendHeaders', types: ['xmlhttprequest'], extraInfoSpec: ['requestHeaders'] },
    ],
  },
  '+completed': {
    about: 'the reference, plus onCompleted without headers',
    listeners: [responseHeaders, { event: 'onCompleted' }],
  },
  '+completed-headers': {
    about: 'the reference, plus onCompleted with responseHeaders',
    listeners: [responseHeaders, { event: 'onCompleted', extraInfoSpec: ['responseHeaders'] }],
  },
  '+rare': {
    about: 'the reference, plus onAuthRequired, onBeforeRedirect, onErrorOccurred',
    listeners: [
      responseHeaders,
      { event: 'onAuthRequired' },
      { event: 'onBeforeRedirect' },
      { event: 'onErrorOccurred' },
    ],
  },
  '+navigation': {
    about: 'the reference, plus onBeforeRequest for main_frame',
    listeners: [responseHeaders, { event: 'onBeforeRequest', types: ['main_frame'] }],
  },
  narrow: {
    about:
      'the reference; onSendHeaders for fetch/XHR; onCompleted for documents, frames and fetch/XHR; ' +
      'the rare events; extraHeaders switched on for documents and frames through onBeforeRedirect',
    listeners: [
      responseHeaders,
      { event: 'onSendHeaders', types: ['xmlhttprequest'], extraInfoSpec: ['requestHeaders'] },
      {
        event: 'onCompleted',
        types: ['main_frame', 'sub_frame', 'xmlhttprequest'],
        extraInfoSpec: ['responseHeaders'],
      },
      { event: 'onBeforeRequest', types: ['main_frame'] },
      { event: 'onAuthRequired' },
      { event: 'onErrorOccurred' },
      {
        event: 'onBeforeRedirect',
        types: ['main_frame', 'sub_frame'],
        extraInfoSpec: ['responseHeaders', 'extraHeaders'],
      },
      {
        event: 'onBeforeRedirect',
        types: [
          'stylesheet',
          'script',
          'image',
          'font',
          'object',
          'xmlhttprequest',
          'ping',
          'csp_report',
          'media',
          'websocket',
          'other',
        ],
      },
    ],
  },
  'narrow+xhr-extra': {
    about:
      "'narrow' with extraHeaders switched on for fetch/XHR too (CORS preflights, the browser's own answers)",
    listeners: [
      responseHeaders,
      { event: 'onSendHeaders', types: ['xmlhttprequest'], extraInfoSpec: ['requestHeaders'] },
      {
        event: 'onCompleted',
        types: ['main_frame', 'sub_frame', 'xmlhttprequest'],
        extraInfoSpec: ['responseHeaders'],
      },
      { event: 'onBeforeRequest', types: ['main_frame'] },
      { event: 'onAuthRequired' },
      { event: 'onErrorOccurred' },
      {
        event: 'onBeforeRedirect',
        types: ['main_frame', 'sub_frame', 'xmlhttprequest'],
        extraInfoSpec: ['responseHeaders', 'extraHeaders'],
      },
      {
        event: 'onBeforeRedirect',
        types: [
          'stylesheet',
          'script',
          'image',
          'font',
          'object',
          'ping',
          'csp_report',
          'media',
          'websocket',
          'other',
        ],
      },
    ],
  },
  '+xhr-extra': {
    about: 'the reference, plus extraHeaders switched on for fetch/XHR through onBeforeRedirect',
    listeners: [
      responseHeaders,
      {
        event: 'onBeforeRedirect',
        types: ['xmlhttprequest'],
        extraInfoSpec: ['responseHeaders', 'extraHeaders'],
      },
    ],
  },
  '+unmatched-tab': {
    about:
      'the reference, plus onSendHeaders and onCompleted filtered to a tab that does not exist',
    listeners: [
      responseHeaders,
      { event: 'onSendHeaders', extraInfoSpec: ['requestHeaders'], types: ['main_frame'] },
      { event: 'onCompleted', urls: ['https://unmatched.invalid/*'] },
    ],
  },
};

function backgroundSource(listeners: readonly ListenerSpec[]): string {
  const lines = listeners.map((l) => {
    const filter = JSON.stringify({ urls: l.urls ?? all, ...(l.types ? { types: l.types } : {}) });
    const spec = l.extraInfoSpec ? `, ${JSON.stringify(l.extraInfoSpec)}` : '';
    return `chrome.webRequest.${l.event}.addListener(count, ${filter}${spec});`;
  });
  return [
    '// Generated by scripts/bench/browser-extensions.ts for npm run bench:browser.',
    'let events = 0;',
    'const count = (details) => { events += details.statusCode === 401 ? 2 : 1; };',
    ...lines,
    'self.eventsSeen = () => events;',
    '',
  ].join('\n');
}

/** Writes an MV3 extension with these listeners into `dir`/<name> and returns its directory. */
export function writeListenerExtension(
  dir: string,
  name: string,
  listeners: readonly ListenerSpec[],
): string {
  const root = path.join(dir, name.replace(/[^\w-]+/g, '_'));
  mkdirSync(root, { recursive: true });
  const manifest = {
    manifest_version: 3,
    name: `bench ${name}`,
    version: '1.0.0',
    background: { service_worker: 'background.js' },
    permissions: ['webRequest'],
    host_permissions: ['<all_urls>'],
  };
  writeFileSync(path.join(root, 'manifest.json'), JSON.stringify(manifest, null, 2));
  writeFileSync(path.join(root, 'background.js'), backgroundSource(listeners));
  return root;
}
