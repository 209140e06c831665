// Import (a HAR or AuthLens file, picked or dropped on the panel) and export (HAR or AuthLens
// JSON, redacted unless the user chose otherwise). The code behind them (transfer-actions.ts)
// loads when first used.
import { useMemo, type Dispatch, type DragEvent } from 'react';
import type { Exchange } from '../../shared/exchange.ts';
import type { ExportChoice } from '../components/ExportDialog.tsx';
import type { PanelHost } from '../host.ts';
import type { PanelAction } from '../state.ts';
import type { Notify } from './use-notify.ts';

const load = () => import('../transfer-actions.ts');

export function useTransfer(host: PanelHost, dispatch: Dispatch<PanelAction>, notify: Notify) {
  return useMemo(() => {
    const importFile = async (file: File) => (await load()).importFile(file, dispatch, notify);
    return {
      importFile,
      exportExchanges: async (
        choice: ExportChoice,
        all: readonly Exchange[],
        shown: readonly Exchange[],
      ) => (await load()).exportFile(choice, all, shown, host, notify),
      /** Props that make an element take a dropped file as an import. */
      dropTarget: {
        onDragOver: (e: DragEvent) => {
          if (e.dataTransfer.types.includes('Files')) e.preventDefault();
        },
        onDrop: (e: DragEvent) => {
          const file = e.dataTransfer.files[0];
          if (!file) return;
          e.preventDefault();
          void importFile(file);
        },
      },
    };
  }, [host, dispatch, notify]);
}
