// The panel's root: the toolbar with the filter, the exchange list and the selected exchange, and
// the status line, laid out for where DevTools puts the panel: side by side when there is room,
// and below NARROW_BELOW (docked beside the page) the list alone, the detail replacing it until
// the user goes back (the button, or Esc), as DevTools' Network panel does. Every concern lives in
// a hook (hooks/); the panel's state in the reducer (state.ts); the browser behind `host`.
import { lazy, Suspense, useEffect, useMemo, useReducer, useRef, useState } from 'react';
import type { PanelHost } from './host.ts';
import { initialState, reduce, selectExchanges, selectLatestNotice } from './state.ts';
import { EmptyState } from './components/EmptyState.tsx';
import { ExchangeList } from './components/ExchangeList.tsx';
import { FilterBar } from './components/FilterBar.tsx';
import { SplitView } from './components/SplitView.tsx';
import { StatusLine } from './components/StatusLine.tsx';
import { Toolbar } from './components/Toolbar.tsx';
import { useConnection } from './hooks/use-connection.ts';
import { useFilter } from './hooks/use-filter.ts';
import { useListDetail } from './hooks/use-list-detail.ts';
import { useSlashFocuses } from './hooks/use-keyboard.ts';
import { useCopy, useNotify } from './hooks/use-notify.ts';
import { useRules } from './hooks/use-rules.ts';
import { useSettings } from './hooks/use-settings.ts';
import { useTransfer } from './hooks/use-transfer.ts';
import { useTryHost } from './hooks/use-try-host.ts';
import { useViolations } from './hooks/use-violations.ts';
import { useWidth } from './hooks/use-width.ts';
import buttons from './components/buttons.module.css';
import styles from './App.module.css';

/** Narrower than this, list and detail take turns (docked beside the page, DevTools is ~450 px). */
export const NARROW_BELOW = 760;

// The detail (with the catalogue's teaching text) is not needed to show the list: it loads in the
// background after the first render, so the panel opens with React, the list and the toolbar.
// The editor and the export dialog load when first opened.
const loadDetail = () => import('./components/ExchangeDetail.tsx');
const ExchangeDetail = lazy(() => loadDetail().then((m) => ({ default: m.ExchangeDetail })));
const RulesEditor = lazy(() =>
  import('./components/RulesEditor.tsx').then((m) => ({ default: m.RulesEditor })),
);
const ExportDialog = lazy(() =>
  import('./components/ExportDialog.tsx').then((m) => ({ default: m.ExportDialog })),
);

export function App({ host }: { host: PanelHost }) {
  const [state, dispatch] = useReducer(reduce, host.tabId, initialState);
  useEffect(() => void loadDetail(), []);
  const link = useConnection(host, dispatch);
  const { settings, changeSettings, theme } = useSettings(host);
  const notify = useNotify(host, dispatch);
  const copy = useCopy(host, notify);
  const rules = useRules(host, notify);
  const transfer = useTransfer(host, dispatch, notify);
  const tryHost = useTryHost(host, link);
  const { live, imported } = state;
  const all = useMemo(() => selectExchanges(live, imported), [live, imported]);
  const { checked, badge } = useViolations(all, rules.document, notify);
  const { shown, problems } = useFilter(checked, state.filterText);
  // As in DevTools, a selection the filter hides is not shown.
  const selected = useMemo(
    () => (state.selectedId === null ? undefined : shown.find((e) => e.id === state.selectedId)),
    [shown, state.selectedId],
  );
  const [exporting, setExporting] = useState(false);
  /** The rules editor, when open, and the rule it should open on. */
  const [rulesEditor, setRulesEditor] = useState<{ edit?: number } | null>(null);

  const rootRef = useRef<HTMLDivElement>(null);
  const filterRef = useRef<HTMLInputElement>(null);
  const importRef = useRef<HTMLInputElement>(null);
  useSlashFocuses(filterRef);
  const width = useWidth(rootRef);
  const narrow = width > 0 && width < NARROW_BELOW;
  const { detailShown, openDetail, backToList, headingRef } = useListDetail(
    narrow,
    selected !== undefined,
    rootRef,
  );

  const total = all.length;
  const waiting =
    state.snapshots === 0 && state.connection.kind !== 'idle' && state.connection.kind !== 'closed';
  const list =
    total === 0 ? (
      waiting ? (
        <p className={styles.message}>Loading the records of this tab…</p>
      ) : (
        <EmptyState paused={state.recorder.paused} onImport={() => importRef.current?.click()} />
      )
    ) : (
      <ExchangeList
        exchanges={shown}
        selectedId={state.selectedId}
        onSelect={(id) => dispatch({ type: 'selected', id })}
        onActivate={openDetail}
        openOnClick={narrow}
        time={settings.time}
        emptyMessage={
          <p className={styles.message}>
            No exchange matches <code>{state.filterText}</code>.{' '}
            <button
              type="button"
              className={buttons.link}
              onClick={() => dispatch({ type: 'filterChanged', text: '' })}
            >
              Clear the filter
            </button>
          </p>
        }
      />
    );
  const detail =
    total === 0 ? null : selected ? (
      <div
        className={styles.detail}
        onKeyDown={(e) => {
          // Esc goes back to the list, as Enter in the list came here. Stopped here: DevTools
          // listens on the panel's document and would toggle its console drawer as well.
          if (e.key === 'Escape' && !(e.target as HTMLElement).closest('input, select')) {
            e.preventDefault();
            e.stopPropagation();
            backToList();
          }
        }}
      >
        {narrow && (
          <div className={styles.back}>
            <button
              type="button"
              className={buttons.link}
              data-testid="back-to-list"
              aria-keyshortcuts="Escape"
              onClick={backToList}
            >
              ← All exchanges
            </button>
            <span className={styles.hint}>Esc</span>
          </div>
        )}
        <Suspense fallback={<p className={styles.message}>Loading…</p>}>
          <ExchangeDetail
            key={selected.id}
            exchange={selected}
            onCopy={(text, what) => void copy(text, what)}
            headingRef={headingRef}
            onEditRule={(index) => setRulesEditor({ edit: index })}
            tryHost={tryHost}
          />
        </Suspense>
      </div>
    ) : (
      <p className={styles.message}>Select an exchange to see its challenges explained.</p>
    );

  return (
    <div
      ref={rootRef}
      className={styles.app}
      data-theme={theme}
      data-layout={narrow ? 'narrow' : 'wide'}
      data-testid="authlens-panel"
      {...transfer.dropTarget}
    >
      <Toolbar
        recorder={state.recorder}
        rules={badge}
        onRules={() => setRulesEditor({})}
        settings={settings}
        onTogglePause={() => link.send({ type: 'setPaused', paused: !state.recorder.paused })}
        onClear={() => {
          link.send({ type: 'clear' });
          dispatch({ type: 'importsCleared' });
        }}
        onPreserveLog={(preserveLog) => link.send({ type: 'setPreserveLog', preserveLog })}
        onImport={(file) => void transfer.importFile(file)}
        onExport={() =>
          total === 0
            ? notify('info', 'export-empty', 'Nothing to export yet.')
            : setExporting(true)
        }
        onSettings={changeSettings}
        importRef={importRef}
      >
        <FilterBar
          value={state.filterText}
          onChange={(text) => dispatch({ type: 'filterChanged', text })}
          problems={problems}
          inputRef={filterRef}
        />
      </Toolbar>
      <SplitView
        split={settings.split}
        onSplit={(split) => changeSettings({ ...settings, split })}
        show={narrow ? (detailShown ? 'second' : 'first') : 'both'}
        first={list}
        second={detail}
      />
      <StatusLine
        connection={state.connection}
        recorder={state.recorder}
        total={total}
        shown={shown.length}
        imported={imported.length}
        notice={selectLatestNotice(state)}
        onDismiss={(id) => dispatch({ type: 'noticeDismissed', id })}
        onRetry={link.retryNow}
      />
      {exporting && (
        <Suspense fallback={null}>
          <ExportDialog
            total={total}
            shown={shown.length}
            exchanges={all}
            onExport={(choice) => {
              setExporting(false);
              void transfer.exportExchanges(choice, all, shown);
            }}
            onClose={() => setExporting(false)}
          />
        </Suspense>
      )}
      {rulesEditor && (
        <Suspense fallback={null}>
          <RulesEditor
            document={rules.document}
            onChange={rules.change}
            onExport={rules.exportRules}
            onClose={() => setRulesEditor(null)}
            editIndex={rulesEditor.edit}
          />
        </Suspense>
      )}
    </div>
  );
}
