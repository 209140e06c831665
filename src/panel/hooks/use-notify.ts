// The panel's own notices (import, export, copy, rules…) for the status line, and copying text
// with a notice saying whether it worked.
import { useCallback, type Dispatch } from 'react';
import type { PanelHost } from '../host.ts';
import type { PanelAction } from '../state.ts';

export type Notify = (level: 'info' | 'warning' | 'error', code: string, message: string) => void;

export function useNotify(host: PanelHost, dispatch: Dispatch<PanelAction>): Notify {
  return useCallback(
    (level, code, message) =>
      dispatch({ type: 'panelNotice', level, code, message, at: host.now() }),
    [host, dispatch],
  );
}

export function useCopy(host: PanelHost, notify: Notify) {
  return useCallback(
    (text: string, what: string) =>
      host.copyText(text).then(
        () => notify('info', 'copied', `Copied ${what}.`),
        (error: unknown) =>
          notify('error', 'copy-failed', `Could not copy ${what}: ${String(error)}`),
      ),
    [host, notify],
  );
}
