// The panel's one door to browser APIs: builds the PanelHost the rest of the panel is given. Reads
// the inspected tab and the DevTools theme (or ?tabId= and ?theme= when opened as a plain extension
// tab, for tests) and adapts runtime.connect, the clipboard, file saving, settings in
// localStorage, the expectation rules in storage.local, crypto randomness, fetch and
// inspectedWindow.eval. The only panel module that may import webextension-polyfill (lint says so).
import browser from 'webextension-polyfill';
import type { PortLike } from './connection.ts';
import { readSettings, type PanelHost, type RuleStore, type ThemeName } from './host.ts';

const SETTINGS_KEY = 'authlens.settings';
const RULES_KEY = 'authlens.expectations';

interface EvalFailure {
  isError?: boolean;
  description?: string;
  isException?: boolean;
  value?: string;
}

/** The callback-style chrome namespace, where the polyfill's promises lose information. */
interface ChromeGlobal {
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
}

const themeOf = (name: string | null): ThemeName => (name === 'dark' ? 'dark' : 'light');

// storage.local, not localStorage: rules belong to the profile, are shared by every panel and
// survive the panel's origin being cleared; storage.onChanged tells the other open panels.
function ruleStore(): RuleStore | null {
  if (!browser.storage?.local) return null;
  return {
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
  };
}

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

function saveFile({ name, mime, text }: { name: string; mime: string; text: string }): void {
  const url = URL.createObjectURL(new Blob([text], { type: mime }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

export function createBrowserHost(): PanelHost {
  const params = new URLSearchParams(location.search);
  const chromeGlobal = globalThis as ChromeGlobal;
  // The polyfill answers undefined for namespaces the page does not have, as in a plain tab.
  const devtools = browser.devtools as typeof browser.devtools | undefined;
  // Firefox announces theme changes with an event; Chrome (which does not reload an open panel
  // when the DevTools theme changes) with one handler set through setThemeChangeHandler.
  const themeEvent = devtools?.panels.onThemeChanged as
    | {
        addListener(f: (name: string) => void): void;
        removeListener(f: (name: string) => void): void;
      }
    | undefined;
  const panels = chromeGlobal.chrome?.devtools?.panels;
  const chromeThemeHandler = panels?.setThemeChangeHandler?.bind(panels);
  // The callback form, not the polyfill's promise: where Chrome has a native `browser` namespace
  // the polyfill hands it through, and its promise resolves with the result alone, losing the
  // exception (seen in Chromium 156). The callback gets both: result, then isError or isException.
  // https://developer.chrome.com/docs/extensions/reference/api/devtools/inspectedWindow#method-eval
  const inspectedWindow = chromeGlobal.chrome?.devtools?.inspectedWindow;
  const rawTab = params.get('tabId');

  return {
    tabId: devtools
      ? devtools.inspectedWindow.tabId
      : rawTab !== null && /^\d+$/.test(rawTab)
        ? Number(rawTab)
        : null,
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
      // Reading lastError marks a disconnect as handled: no "Unchecked runtime.lastError" logged.
      port.onDisconnect.addListener(() => void chromeGlobal.chrome?.runtime?.lastError);
      return port as unknown as PortLike;
    },
    copyText,
    saveFile,
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
    rules: ruleStore(),
    random: (length) => crypto.getRandomValues(new Uint8Array(length)),
    fetch: (url, init) => fetch(url, init),
    // `location` and its origin are unforgeable in every page, so a page script cannot fake this.
    inspectedOrigin: () =>
      new Promise((resolve) => {
        if (!inspectedWindow) return resolve(null);
        inspectedWindow.eval('location.origin', {}, (result, failure) =>
          resolve(
            !failure?.isError && !failure?.isException && typeof result === 'string'
              ? result
              : null,
          ),
        );
      }),
  };
}
