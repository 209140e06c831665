// The exchange list, virtualised with @tanstack/react-virtual: fixed 21 px rows as in DevTools,
// so 10,000 records cost what a screenful costs. One focusable grid owns the keyboard (↑/↓,
// Home/End, PageUp/PageDown, Enter) and points at the selected row with aria-activedescendant.
// It follows new records unless the user scrolled up.
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useId, useRef, type KeyboardEvent, type ReactNode } from 'react';
import type { Exchange } from '../../shared/exchange.ts';
import { visibleText } from '../../shared/visible-text.ts';
import { classFor, formatClock, formatDuration } from '../format.ts';
import { summarize } from '../summary.ts';
import styles from './ExchangeList.module.css';

export const ROW_HEIGHT = 21;

interface Props {
  exchanges: readonly Exchange[];
  selectedId: string | null;
  onSelect(id: string): void;
  /** Enter or a double click: move to the detail. */
  onActivate(): void;
  /** A single click moves to the detail too (the narrow layout, where the detail replaces the list). */
  openOnClick?: boolean;
  time: 'clock' | 'duration';
  /** Shown instead of rows when the filter hides everything. */
  emptyMessage?: ReactNode;
}

function Counts({ exchange }: { exchange: Exchange }) {
  const { counts } = summarize(exchange);
  const parts: Array<[keyof typeof counts, string]> = [
    ['error', 'error'],
    ['warning', 'warning'],
    ['info', 'info'],
  ];
  const label = parts
    .filter(([k]) => counts[k] > 0)
    .map(([k, noun]) => `${counts[k]} ${noun}${counts[k] === 1 || k === 'info' ? '' : 's'}`)
    .join(', ');
  return (
    <span aria-label={label || 'no diagnostics'} title={label || 'No diagnostics'}>
      {parts.map(([k]) =>
        counts[k] > 0 ? (
          <span key={k} className={styles[k]} data-severity={k}>
            {counts[k]}
          </span>
        ) : null,
      )}
    </span>
  );
}

function Row({ exchange, time }: { exchange: Exchange; time: Props['time'] }) {
  const s = summarize(exchange);
  const status = s.status ?? (exchange.outcome === 'failed' ? '(failed)' : '(pending)');
  return (
    <>
      <span
        role="gridcell"
        className={s.status !== null && s.status >= 400 ? styles.bad : undefined}
      >
        {status}
      </span>
      <span role="gridcell">{visibleText(exchange.method)}</span>
      <span
        role="gridcell"
        className={styles.name}
        title={visibleText(`${exchange.method} ${exchange.url}`)}
      >
        {exchange.imported !== undefined && (
          <span
            className={styles.imported}
            title={`Imported from ${visibleText(exchange.imported)}`}
          >
            imported
          </span>
        )}
        {/* The path first, as DevTools' Name column: it is what differs from row to row. */}
        <span className={styles.path} data-testid="row-path">
          {visibleText(s.path)}
        </span>
        <span className={styles.host} data-testid="row-host">
          {visibleText(s.host)}
        </span>
      </span>
      {/* The first scheme whole, and how many more (all of them in the tooltip): a cut badge
          ("Basic pr…") tells nothing. */}
      <span
        role="gridcell"
        className={styles.schemes}
        title={s.schemes.map(visibleText).join(', ')}
      >
        {s.schemes.length > 0 && <span className={styles.badge}>{visibleText(s.schemes[0]!)}</span>}
        {s.schemes.length > 1 && (
          <span className={styles.more} aria-label={`and ${s.schemes.length - 1} more`}>
            +{s.schemes.length - 1}
          </span>
        )}
        {s.proxy && <span className={styles.proxy}>proxy</span>}
      </span>
      <span role="gridcell" className={styles.counts}>
        <Counts exchange={exchange} />
      </span>
      <span role="gridcell" className={classFor(styles, exchange.outcome)}>
        {visibleText(exchange.outcome)}
      </span>
      <span role="gridcell" className={styles.time}>
        {time === 'clock' ? formatClock(exchange.startedAt) : formatDuration(s.duration)}
      </span>
    </>
  );
}

export function ExchangeList({
  exchanges,
  selectedId,
  onSelect,
  onActivate,
  openOnClick = false,
  time,
  emptyMessage,
}: Props) {
  const gridRef = useRef<HTMLDivElement>(null);
  const scrollRef = useRef<HTMLDivElement>(null);
  const stick = useRef(true);
  const idPrefix = useId();
  const count = exchanges.length;
  // eslint-disable-next-line react-hooks/incompatible-library -- the virtualizer re-renders us itself; nothing here is memoised on its identity.
  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
    // React 19 batches the virtualiser's updates well; flushSync from inside our scroll effects
    // would only warn.
    useFlushSync: false,
    getItemKey: (index) => exchanges[index]?.id ?? index,
  });
  const selectedIndex = selectedId === null ? -1 : exchanges.findIndex((e) => e.id === selectedId);

  useEffect(() => {
    if (stick.current && count > 0) virtualizer.scrollToIndex(count - 1, { align: 'end' });
  }, [count, virtualizer]);

  useEffect(() => {
    if (selectedIndex >= 0) virtualizer.scrollToIndex(selectedIndex, { align: 'auto' });
  }, [selectedIndex, virtualizer]);

  const rowId = (id: string) => `${idPrefix}row-${id}`;
  const pageSize = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? 0) / ROW_HEIGHT) - 1);

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (count === 0) return;
    const from = selectedIndex;
    const to = new Map([
      ['ArrowDown', from < 0 ? 0 : Math.min(count - 1, from + 1)],
      ['ArrowUp', from < 0 ? count - 1 : Math.max(0, from - 1)],
      ['Home', 0],
      ['End', count - 1],
      ['PageDown', Math.min(count - 1, Math.max(0, from) + pageSize)],
      ['PageUp', Math.max(0, from - pageSize)],
    ]);
    if (e.key === 'Enter') {
      if (from >= 0) {
        e.preventDefault();
        onActivate();
      }
      return;
    }
    const next = to.get(e.key);
    if (next === undefined) return;
    e.preventDefault();
    // Moving the selection up means reading history: stop following new records.
    stick.current = next === count - 1;
    onSelect(exchanges[next]!.id);
  };

  const items = virtualizer.getVirtualItems();
  const activeRendered = selectedIndex >= 0 && items.some((i) => i.index === selectedIndex);
  return (
    <div
      ref={gridRef}
      className={styles.grid}
      role="grid"
      aria-label="Authentication exchanges"
      aria-rowcount={count + 1}
      aria-activedescendant={activeRendered ? rowId(selectedId!) : undefined}
      tabIndex={0}
      data-testid="exchange-list"
      onKeyDown={onKeyDown}
    >
      <div role="row" aria-rowindex={1} className={`${styles.row} ${styles.header}`}>
        {[
          'Status',
          'Method',
          'Name',
          'Schemes',
          'Diagnostics',
          'Outcome',
          time === 'clock' ? 'Start' : 'Time',
        ].map((title) => (
          <span key={title} role="columnheader">
            {title}
          </span>
        ))}
      </div>
      <div
        ref={scrollRef}
        className={styles.scroll}
        role={count > 0 ? 'rowgroup' : undefined}
        onScroll={(e) => {
          const el = e.currentTarget;
          stick.current = el.scrollHeight - el.scrollTop - el.clientHeight < ROW_HEIGHT * 1.5;
        }}
      >
        {count === 0 ? (
          emptyMessage
        ) : (
          <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
            {items.map((item) => {
              const exchange = exchanges[item.index]!;
              const selected = item.index === selectedIndex;
              return (
                <div
                  key={item.key}
                  id={rowId(exchange.id)}
                  role="row"
                  aria-rowindex={item.index + 2}
                  aria-selected={selected}
                  data-testid="exchange-row"
                  data-id={exchange.id}
                  data-outcome={exchange.outcome}
                  className={`${styles.row} ${item.index % 2 ? styles.odd : ''} ${selected ? styles.selected : ''}`}
                  style={{ transform: `translateY(${item.start}px)` }}
                  onMouseDown={(e) => {
                    e.preventDefault();
                    gridRef.current?.focus();
                    onSelect(exchange.id);
                  }}
                  onClick={openOnClick ? onActivate : undefined}
                  onDoubleClick={openOnClick ? undefined : onActivate}
                >
                  <Row exchange={exchange} time={time} />
                </div>
              );
            })}
          </div>
        )}
      </div>
    </div>
  );
}
