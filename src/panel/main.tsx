// The panel's composition root and its only door to browser APIs: reads the inspected tab and the
// DevTools theme (or ?tabId= and ?theme= when opened as a plain extension tab, for tests), and
// hands <App> a host with runtime.connect, the clipboard, file saving, settings storage, the
// expectation rules in storage.local, crypto randomness and inspectedWindow.eval for replays.
import { createRoot } from 'react-dom/client';
import browser from 'webextension-polyfill';
import { App } from './App.tsx';
import type { PortLike } from '../shared/protocol.ts';
import { readSettings, type PanelHost, type RuleStore, type ThemeName } from './host.ts';
import './theme.css';

const params = new URLSearchParams(location.search);
// The polyfill answers undefined for namespaces the page does not have, as in a plain tab.
const devtools = browser.devtools as typeof browser.devtools | undefined;

function readTabId(): number | null {
  if (devtools) return devtools.inspectedWindow.tabId;
  const raw = params.get('tabId');
  return raw !== null && /^\d+$/.test(raw) ? Number(raw) : null;
}

const themeOf = (name: string | null): ThemeName => (name === 'dark' ? 'dark' : 'light');

// Firefox announces theme changes with an event; Chrome (which does not reload an open panel when
// the DevTools theme changes) with one handler set through setThemeChangeHandler.
const themeEvent = devtools?.panels.onThemeChanged as
  | {
      addListener(f: (name: string) => void): void;
      removeListener(f: (name: string) => void): void;
    }
  | undefined;

interface EvalFailure {
  isError?: boolean;
  description?: string;
  isException?: boolean;
  value?: string;
}

const chromeGlobal = globalThis as {
  chrome?: {
    runtime?: { lastError?: unknown };
    devtools?: {
      inspectedWindow?: {
        eval(
          expression: string,
          options: object,
          callback: (result: unknown, failure?: EvalFailure) => void,
        ): void;
      };
      panels?: { setThemeChangeHandler?: (handler: ((name: string) => void) | null) => void };
    };
  };
};
const chromeThemeHandler = chromeGlobal.chrome?.devtools?.panels?.setThemeChangeHandler?.bind(
  chromeGlobal.chrome.devtools.panels,
);

// The callback form, not the polyfill's promise: where Chrome has a native `browser` namespace the
// polyfill hands it through, and its promise resolves with the result alone, losing the exception
// (seen in Chromium 156). The callback gets both: result, then isError (DevTools could not run it)
// or isException (it threw in the page).
// https://developer.chrome.com/docs/extensions/reference/api/devtools/inspectedWindow#method-eval
const inspectedWindow = chromeGlobal.chrome?.devtools?.inspectedWindow;
const SETTINGS_KEY = 'authlens.settings';
const RULES_KEY = 'authlens.expectations';

// storage.local, not localStorage: rules belong to the profile, are shared by every panel and
// survive the panel's origin being cleared; storage.onChanged tells the other open panels.
const rules: RuleStore | null = browser.storage?.local
  ? {
      load: async () => (await browser.storage.local.get(RULES_KEY))[RULES_KEY],
      save: (document) => browser.storage.local.set({ [RULES_KEY]: document }),
      onChange: (listener) => {
        const f = (changes: Record<string, { newValue?: unknown }>, area: string) => {
          const change = changes[RULES_KEY];
          if (area === 'local' && change) listener(change.newValue);
        };
        browser.storage.onChanged.addListener(f);
        return () => browser.storage.onChanged.removeListener(f);
      },
    }
  : null;

// DevTools extension panels run in a frame whose permissions policy can block the async
// Clipboard API; execCommand on a selected textarea still works there (React DevTools does the same).
async function copyText(text: string): Promise<void> {
  try {
    await navigator.clipboard.writeText(text);
    return;
  } catch {
    const area = document.createElement('textarea');
    area.value = text;
    area.style.position = 'fixed';
    area.style.opacity = '0';
    document.body.append(area);
    area.select();
    const ok = document.execCommand('copy');
    area.remove();
    if (!ok) throw new Error('the browser refused to copy');
  }
}

const host: PanelHost = {
  tabId: readTabId(),
  theme: themeOf(devtools ? devtools.panels.themeName : params.get('theme')),
  onThemeChange: (listener) => {
    const f = (name: string) => listener(themeOf(name));
    if (themeEvent) {
      themeEvent.addListener(f);
      return () => themeEvent.removeListener(f);
    }
    chromeThemeHandler?.(f);
    return () => chromeThemeHandler?.(null);
  },
  connect: (name) => {
    const port = browser.runtime.connect({ name });
    // Reading lastError marks a disconnect as handled, so Chrome logs no "Unchecked runtime.lastError".
    port.onDisconnect.addListener(() => void chromeGlobal.chrome?.runtime?.lastError);
    return port as unknown as PortLike;
  },
  copyText,
  saveFile: ({ name, mime, text }) => {
    const url = URL.createObjectURL(new Blob([text], { type: mime }));
    const a = document.createElement('a');
    a.href = url;
    a.download = name;
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
  },
  loadSettings: () => {
    try {
      return readSettings(JSON.parse(localStorage.getItem(SETTINGS_KEY) ?? '{}'));
    } catch {
      return {};
    }
  },
  saveSettings: (settings) => {
    try {
      localStorage.setItem(SETTINGS_KEY, JSON.stringify(settings));
    } catch {
      // Storage can be disabled; settings then last for this panel only.
    }
  },
  now: Date.now,
  version: browser.runtime.getManifest().version,
  rules,
  random: (length) => crypto.getRandomValues(new Uint8Array(length)),
  evalInPage: inspectedWindow
    ? (expression) =>
        new Promise((resolve, reject) => {
          inspectedWindow.eval(expression, {}, (result, failure) => {
            if (failure?.isException || failure?.isError) {
              reject(
                new Error(failure.value || failure.description || 'the page could not run it'),
              );
            } else resolve(result);
          });
        })
    : null,
};

document.documentElement.dataset.theme = host.theme;
const root = document.getElementById('root');
if (root) createRoot(root).render(<App host={host} />);
