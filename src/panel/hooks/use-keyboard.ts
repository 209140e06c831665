// `/` focuses the filter from anywhere, as in DevTools; typing in a field is left alone.
import { useEffect, type RefObject } from 'react';

export function useSlashFocuses(target: RefObject<HTMLElement | null>): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const from = e.target as HTMLElement | null;
      const typing = from?.closest?.('input, textarea, select, [contenteditable="true"]');
      if (e.key === '/' && !typing && !e.ctrlKey && !e.metaKey && !e.altKey) {
        e.preventDefault();
        target.current?.focus();
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [target]);
}
