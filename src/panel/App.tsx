// The panel's layout and wiring: toolbar with the filter, the exchange list | the selected
// exchange, and the status line. Owns the connection (through the host's connect function), the
// reducer, the selection, the filter, the settings and the expectation rules; everything from the
// browser comes in through `host`.
import {
  lazy,
  Suspense,
  useCallback,
  useEffect,
  useMemo,
  useReducer,
  useRef,
  useState,
} from 'react';
import type { Exchange } from '../shared/exchange.ts';
import type { PanelCommand } from '../shared/protocol.ts';
import { openConnection, type Connection } from './connection.ts';
import { filterExchanges, parseFilter } from './filter.ts';
import { defaultSettings, type PanelHost, type Settings } from './host.ts';
import { emptyRulesDocument, readRulesDocument, rulesFile, type RulesDocument } from './rules.ts';
import { initialState, plural, reduce, selectLatestNotice, type PanelAction } from './state.ts';
import { EmptyState } from './components/EmptyState.tsx';
import { ExchangeList } from './components/ExchangeList.tsx';
import type { ExportChoice } from './components/ExportDialog.tsx';
import { FilterBar } from './components/FilterBar.tsx';
import { SplitView } from './components/SplitView.tsx';
import { StatusLine } from './components/StatusLine.tsx';
import { Toolbar, type RulesBadge } from './components/Toolbar.tsx';
import styles from './App.module.css';

// Import and export need the parser and the HAR module; load them when first used.
const loadTransfer = () => import('./transfer.ts');
// The rule checker and the editor stay out of the startup chunk until there are rules to apply;
// the export dialog until an export is asked for.
const loadViolations = () => import('./violations.ts');
type Checker = Awaited<ReturnType<typeof loadViolations>>;
// The detail (with the catalogue's teaching text) is not needed to show the list: it loads in the
// background after the first render, so the panel opens with React, the list and the toolbar.
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
  const [settings, setSettings] = useState<Settings>(() => ({
    ...defaultSettings,
    ...host.loadSettings(),
  }));
  const [filterText, setFilterText] = useState('');
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [exporting, setExporting] = useState(false);
  const [hostTheme, setHostTheme] = useState(host.theme);
  const [rulesDoc, setRulesDoc] = useState<RulesDocument>(emptyRulesDocument);
  const [checker, setChecker] = useState<Checker | null>(null);
  /** The rules editor, when open, and the rule it should open on. */
  const [rulesEditor, setRulesEditor] = useState<{ edit?: number } | null>(null);
  const rulesVersion = useRef(0);
  const connection = useRef<Connection | null>(null);
  const filterRef = useRef<HTMLInputElement>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const importRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    const { tabId, connect } = host;
    if (tabId === null || connect === null) return;
    const c = openConnection({
      tabId,
      connect,
      onEvent: dispatch,
      onStatus: (status) => dispatch({ type: 'connectionChanged', status }),
      now: host.now,
    });
    connection.current = c;
    return () => {
      c.close();
      connection.current = null;
    };
  }, [host]);

  useEffect(() => host.onThemeChange?.(setHostTheme), [host]);

  const notify = useCallback(
    (level: 'info' | 'warning' | 'error', code: string, message: string) =>
      dispatch({ type: 'panelNotice', level, code, message, at: host.now() } satisfies PanelAction),
    [host],
  );
  const send = (command: PanelCommand) => connection.current?.send(command);
  // "Try credentials" replays through the page; the background is told to record the replay.
  const tryHost = useMemo(
    () => ({
      ...host,
      expectReplay: (method: string, url: string) =>
        connection.current?.send({ type: 'expectReplay', method, url }),
    }),
    [host],
  );

  const ensureChecker = useCallback(
    () =>
      loadViolations().then((m) => {
        setChecker(m);
        return m;
      }),
    [],
  );

  // The stored rules, and any change another panel makes to them.
  useEffect(() => {
    const store = host.rules;
    if (!store) return;
    let live = true;
    const adopt = (value: unknown) => {
      if (!live) return;
      const doc = value === undefined ? emptyRulesDocument() : readRulesDocument(value);
      if (!doc) {
        notify('warning', 'rules-invalid', 'The stored expectation rules are not a rules file.');
        return;
      }
      setRulesDoc(doc);
      if (doc.rules.length === 0) return;
      void ensureChecker().then((m) => {
        const result = m.compileRules(doc);
        if (live && 'errors' in result) {
          notify(
            'error',
            'rules-invalid',
            `The stored expectation rules are invalid, so none applies: ${result.errors[0]!.message}`,
          );
        }
      });
    };
    // A change (here or in another panel) that lands before the first read is newer than it.
    const version = rulesVersion.current;
    store.load().then(
      (value) => {
        if (rulesVersion.current === version) adopt(value);
      },
      (error: unknown) =>
        notify('error', 'rules-failed', `Could not read the expectation rules: ${String(error)}`),
    );
    const off = store.onChange?.((value) => {
      rulesVersion.current++;
      adopt(value);
    });
    return () => {
      live = false;
      off?.();
    };
  }, [host, notify, ensureChecker]);

  const all = useMemo(
    () => (state.imported.length === 0 ? state.live : [...state.imported, ...state.live]),
    [state.imported, state.live],
  );
  const validation = useMemo(
    () => (checker && rulesDoc.rules.length > 0 ? checker.compileRules(rulesDoc) : null),
    [checker, rulesDoc],
  );
  const activeRules = validation && 'rules' in validation ? validation.rules : null;
  // What the list, the filter and the detail see: the records with their violations added.
  const checked = useMemo(
    () => (checker && activeRules ? checker.withViolations(all, activeRules) : all),
    [checker, activeRules, all],
  );
  const rulesBadge: RulesBadge = useMemo(
    () => ({
      count: rulesDoc.rules.length,
      invalid: validation !== null && 'errors' in validation,
      violations: checker && activeRules ? checker.countViolations(checked, all) : null,
    }),
    [rulesDoc, validation, checker, activeRules, checked, all],
  );
  const filter = useMemo(() => parseFilter(filterText), [filterText]);
  const shown = useMemo(() => filterExchanges(checked, filter), [checked, filter]);
  // As in DevTools, a selection the filter hides is not shown.
  const selected: Exchange | undefined = useMemo(
    () => (selectedId === null ? undefined : shown.find((e) => e.id === selectedId)),
    [shown, selectedId],
  );

  // `/` focuses the filter from anywhere, as in DevTools; typing in a field is left alone.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement | null;
      const typing = target?.closest?.('input, textarea, select, [contenteditable="true"]');
      if (e.key === '/' && !typing && !e.ctrlKey && !e.metaKey && !e.altKey) {
        e.preventDefault();
        filterRef.current?.focus();
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);

  const changeSettings = (next: Settings) => {
    setSettings(next);
    host.saveSettings(next);
  };

  const importFile = async (file: File) => {
    const transfer = await loadTransfer();
    const tooBig = transfer.checkImportSize(file.size);
    if (tooBig) return notify('error', 'import-failed', tooBig);
    let text: string;
    try {
      text = await file.text();
    } catch (error) {
      return notify('error', 'import-failed', `${file.name} could not be read: ${String(error)}`);
    }
    const result = transfer.importText(text, file.name);
    if (result.exchanges.length === 0) {
      return notify(
        'error',
        'import-failed',
        result.problems[0] ?? `${file.name} holds no exchange.`,
      );
    }
    const firstId = `import:${state.imported.length + 1}`;
    dispatch({ type: 'exchangesImported', exchanges: result.exchanges, source: file.name });
    setSelectedId(firstId);
    const skipped = result.problems.length;
    notify(
      skipped > 0 ? 'warning' : 'info',
      'imported',
      `Imported ${plural(result.exchanges.length, 'exchange')} from ${file.name}` +
        (skipped > 0 ? `; ${plural(skipped, 'problem')}: ${result.problems[0]}` : '.'),
    );
  };

  const exportNow = async (choice: ExportChoice) => {
    setExporting(false);
    const transfer = await loadTransfer();
    // The records as recorded: violations belong to this panel's rules, not to the file.
    const shownIds = new Set(shown.map((e) => e.id));
    const list = choice.onlyShown ? all.filter((e) => shownIds.has(e.id)) : all;
    const file = transfer.exportExchanges(list, {
      format: choice.format,
      includeCredentials: choice.includeCredentials,
      now: host.now(),
      version: host.version,
    });
    host.saveFile(file);
    notify(
      choice.includeCredentials ? 'warning' : 'info',
      'exported',
      `Exported ${plural(list.length, 'exchange')} to ${file.name}${choice.includeCredentials ? ' WITH credentials: share it with care.' : ' (credentials redacted).'}`,
    );
  };

  const changeRules = (doc: RulesDocument, message: string) => {
    rulesVersion.current++;
    setRulesDoc(doc);
    if (doc.rules.length > 0) void ensureChecker();
    if (!host.rules) {
      notify('info', 'rules-saved', `${message} They last until the panel closes.`);
      return;
    }
    host.rules.save(doc).then(
      () => notify('info', 'rules-saved', message),
      (error: unknown) =>
        notify(
          'error',
          'rules-save-failed',
          `${message} They could not be stored and last until the panel closes: ${String(error)}`,
        ),
    );
  };

  const exportRules = () => {
    const file = rulesFile(rulesDoc);
    host.saveFile(file);
    notify(
      'info',
      'rules-exported',
      `Exported ${plural(rulesDoc.rules.length, 'rule')} to ${file.name}.`,
    );
  };

  const copy = (text: string, what: string) => {
    host.copyText(text).then(
      () => notify('info', 'copied', `Copied ${what}.`),
      (error: unknown) =>
        notify('error', 'copy-failed', `Could not copy ${what}: ${String(error)}`),
    );
  };

  const theme = settings.theme === 'auto' ? hostTheme : settings.theme;
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
        selectedId={selectedId}
        onSelect={setSelectedId}
        onActivate={() => headingRef.current?.focus()}
        time={settings.time}
        emptyMessage={
          <p className={styles.message}>
            No exchange matches <code>{filterText}</code>.{' '}
            <button type="button" className={styles.link} onClick={() => setFilterText('')}>
              Clear the filter
            </button>
          </p>
        }
      />
    );

  return (
    <div
      className={styles.app}
      data-theme={theme}
      data-testid="authlens-panel"
      onDragOver={(e) => {
        if (e.dataTransfer.types.includes('Files')) e.preventDefault();
      }}
      onDrop={(e) => {
        const file = e.dataTransfer.files[0];
        if (!file) return;
        e.preventDefault();
        void importFile(file);
      }}
    >
      <Toolbar
        recorder={state.recorder}
        rules={rulesBadge}
        onRules={() => setRulesEditor({})}
        settings={settings}
        onTogglePause={() => send({ type: 'setPaused', paused: !state.recorder.paused })}
        onClear={() => {
          send({ type: 'clear' });
          dispatch({ type: 'importsCleared' });
          setSelectedId(null);
        }}
        onPreserveLog={(preserveLog) => send({ type: 'setPreserveLog', preserveLog })}
        onImport={(file) => void importFile(file)}
        onExport={() =>
          total === 0
            ? notify('info', 'export-empty', 'Nothing to export yet.')
            : setExporting(true)
        }
        onSettings={changeSettings}
        importRef={importRef}
      >
        <FilterBar
          value={filterText}
          onChange={setFilterText}
          problems={filter.problems}
          inputRef={filterRef}
        />
      </Toolbar>
      <SplitView
        split={settings.split}
        onSplit={(split) => changeSettings({ ...settings, split })}
        first={list}
        second={
          total === 0 ? null : selected ? (
            <div
              className={styles.detail}
              onKeyDown={(e) => {
                // Esc in the detail goes back to the list, as Enter in the list came here.
                if (e.key === 'Escape' && !(e.target as HTMLElement).closest('input, select')) {
                  document.querySelector<HTMLElement>('[data-testid="exchange-list"]')?.focus();
                }
              }}
            >
              <Suspense fallback={<p className={styles.message}>Loading…</p>}>
                <ExchangeDetail
                  key={selected.id}
                  exchange={selected}
                  onCopy={copy}
                  headingRef={headingRef}
                  onEditRule={(index) => setRulesEditor({ edit: index })}
                  tryHost={tryHost}
                />
              </Suspense>
            </div>
          ) : (
            <p className={styles.message}>Select an exchange to see its challenges explained.</p>
          )
        }
      />
      <StatusLine
        connection={state.connection}
        recorder={state.recorder}
        total={total}
        shown={shown.length}
        imported={state.imported.length}
        notice={selectLatestNotice(state)}
        onDismiss={(id) => dispatch({ type: 'noticeDismissed', id })}
        onRetry={() => connection.current?.retryNow()}
      />
      {exporting && (
        <Suspense fallback={null}>
          <ExportDialog
            total={total}
            shown={shown.length}
            exchanges={all}
            onExport={(choice) => void exportNow(choice)}
            onClose={() => setExporting(false)}
          />
        </Suspense>
      )}
      {rulesEditor && (
        <Suspense fallback={null}>
          <RulesEditor
            document={rulesDoc}
            onChange={changeRules}
            onExport={exportRules}
            onClose={() => setRulesEditor(null)}
            editIndex={rulesEditor.edit}
          />
        </Suspense>
      )}
    </div>
  );
}
