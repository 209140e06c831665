// What the panel needs from its surroundings, built by browser-host.ts (the only panel module that
// touches browser APIs): the inspected tab, the theme, a connect function, the clipboard, file
// saving, settings and expectation-rule storage, randomness, sending a "try credentials" replay
// and the inspected page's origin. Tests pass plain objects.
import type { ConnectFn } from './connection.ts';
import type { ReplayFetch } from './replay.ts';
import type { ExportFile } from './transfer.ts';

export type ThemeName = 'light' | 'dark';

export interface Settings {
  /** 'auto' follows DevTools. */
  theme: 'auto' | ThemeName;
  /** What the list's time column shows. */
  time: 'clock' | 'duration';
  /** Share of the width the list takes, 0.2–0.8. */
  split: number;
}

export const defaultSettings: Settings = { theme: 'auto', time: 'clock', split: 0.45 };

/** Settings from storage, each checked: anything unexpected falls back to its default. */
export function readSettings(value: unknown): Partial<Settings> {
  if (typeof value !== 'object' || value === null) return {};
  const v = value as Record<string, unknown>;
  const out: Partial<Settings> = {};
  if (v.theme === 'auto' || v.theme === 'light' || v.theme === 'dark') out.theme = v.theme;
  if (v.time === 'clock' || v.time === 'duration') out.time = v.time;
  if (typeof v.split === 'number' && v.split >= 0.2 && v.split <= 0.8) out.split = v.split;
  return out;
}

/**
 * Where the expectation rules live (storage.local in the extension, so every panel of the profile
 * shares them). Holds the rules document exactly as exported; the panel validates what it reads.
 */
export interface RuleStore {
  /** The stored document, or undefined when none was ever saved. */
  load(): Promise<unknown>;
  save(document: unknown): Promise<void>;
  /** Another panel saved rules; returns the unsubscribe function. */
  onChange?(listener: (document: unknown) => void): () => void;
}

export interface PanelHost {
  /** The inspected tab; null when the panel runs outside DevTools without ?tabId. */
  tabId: number | null;
  theme: ThemeName;
  /** Firefox tells a panel when DevTools switches theme; returns the unsubscribe function. */
  onThemeChange?(listener: (theme: ThemeName) => void): () => void;
  connect: ConnectFn | null;
  copyText(text: string): Promise<void>;
  saveFile(file: ExportFile): void;
  loadSettings(): Partial<Settings>;
  saveSettings(settings: Settings): void;
  now(): number;
  /** The extension's version, written into exports. */
  version: string;
  /** null where there is no extension storage (a plain page): rules then last for this panel. */
  rules: RuleStore | null;
  /** Cryptographically random octets (crypto.getRandomValues), for Digest cnonces. */
  random(length: number): Uint8Array;
  /**
   * fetch from the panel's own extension page, for "try credentials": host access means no CORS,
   * and no script of the inspected page can see the request or its answer.
   */
  fetch: ReplayFetch;
  /** The origin of the page now in the inspected tab; null when it cannot be told (no DevTools). */
  inspectedOrigin(): Promise<string | null>;
}
