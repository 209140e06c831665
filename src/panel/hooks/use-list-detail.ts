// Moving between the list and the detail, as DevTools' Network panel does: Enter (or a click when
// narrow) opens the selected exchange, Esc or the back button returns. Wide, both stay on screen
// and only focus moves; narrow (`narrow`), the detail replaces the list while open. Focus lands
// once the target is on screen: the detail may still be loading, or the other side not rendered.
import { useCallback, useLayoutEffect, useRef, useState, type RefObject } from 'react';

export function useListDetail(
  narrow: boolean,
  hasSelection: boolean,
  root: RefObject<HTMLElement | null>,
) {
  const [open, setOpen] = useState(false);
  // An exchange the filter hid (or a clear removed) closes the detail for good.
  if (open && !hasSelection) setOpen(false);
  const pendingFocus = useRef<'heading' | 'list' | null>(null);
  const heading = useRef<HTMLHeadingElement | null>(null);

  /** For the detail's heading: focuses it when it appears after the user asked to go there. */
  const headingRef = useCallback((el: HTMLHeadingElement | null) => {
    heading.current = el;
    if (el && pendingFocus.current === 'heading') {
      pendingFocus.current = null;
      el.focus();
    }
  }, []);

  useLayoutEffect(() => {
    if (pendingFocus.current !== 'list') return;
    pendingFocus.current = null;
    root.current?.querySelector<HTMLElement>('[data-testid="exchange-list"]')?.focus();
  });

  const openDetail = () => {
    setOpen(true);
    if (heading.current && !narrow) heading.current.focus();
    else pendingFocus.current = 'heading';
  };
  const backToList = () => {
    setOpen(false);
    pendingFocus.current = 'list';
  };
  return { detailShown: narrow && open && hasSelection, openDetail, backToList, headingRef };
}
