// Import and export as the user meets them: size and read checks, the records handed to the
// reducer, the file handed to the host, and a notice saying what happened. Loaded on first use,
// with the transfer code it calls (transfer.ts).
import type { Dispatch } from 'react';
import type { Exchange } from '../shared/exchange.ts';
import type { ExportChoice } from './components/ExportDialog.tsx';
import type { Notify } from './hooks/use-notify.ts';
import type { PanelHost } from './host.ts';
import { plural, type PanelAction } from './state.ts';
import { checkImportSize, exportExchanges, importText } from './transfer.ts';

export async function importFile(
  file: File,
  dispatch: Dispatch<PanelAction>,
  notify: Notify,
): Promise<void> {
  const tooBig = checkImportSize(file.size);
  if (tooBig) return notify('error', 'import-failed', tooBig);
  let text: string;
  try {
    text = await file.text();
  } catch (error) {
    return notify('error', 'import-failed', `${file.name} could not be read: ${String(error)}`);
  }
  const result = importText(text, file.name);
  if (result.exchanges.length === 0) {
    return notify(
      'error',
      'import-failed',
      result.problems[0] ?? `${file.name} holds no exchange.`,
    );
  }
  dispatch({ type: 'exchangesImported', exchanges: result.exchanges, source: file.name });
  const skipped = result.problems.length;
  notify(
    skipped > 0 ? 'warning' : 'info',
    'imported',
    `Imported ${plural(result.exchanges.length, 'exchange')} from ${file.name}` +
      (skipped > 0 ? `; ${plural(skipped, 'problem')}: ${result.problems[0]}` : '.'),
  );
}

/** Exports `all`, or those of them `shown` when the user asked for only those. */
export function exportFile(
  choice: ExportChoice,
  all: readonly Exchange[],
  shown: readonly Exchange[],
  host: PanelHost,
  notify: Notify,
): void {
  // The records as recorded: violations belong to this panel's rules, not to the file.
  const shownIds = new Set(shown.map((e) => e.id));
  const list = choice.onlyShown ? all.filter((e) => shownIds.has(e.id)) : all;
  const file = exportExchanges(list, {
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
}
