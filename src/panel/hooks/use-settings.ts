// The panel's settings (theme, time column, split), read once from the host and saved on every
// change, and the theme actually shown: DevTools' own, followed live, unless the user chose one.
import { useCallback, useEffect, useState } from 'react';
import { defaultSettings, type PanelHost, type Settings, type ThemeName } from '../host.ts';

export function useSettings(host: PanelHost) {
  const [settings, setSettings] = useState<Settings>(() => ({
    ...defaultSettings,
    ...host.loadSettings(),
  }));
  const [hostTheme, setHostTheme] = useState<ThemeName>(host.theme);
  useEffect(() => host.onThemeChange?.(setHostTheme), [host]);
  const changeSettings = useCallback(
    (next: Settings) => {
      setSettings(next);
      host.saveSettings(next);
    },
    [host],
  );
  const theme: ThemeName = settings.theme === 'auto' ? hostTheme : settings.theme;
  return { settings, changeSettings, theme };
}
