// The expectation rules: the stored document (and changes another panel makes to it), saving the
// user's changes, and exporting the rules file. Whether the rules hold is use-violations.ts's job.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { PanelHost } from '../host.ts';
import { emptyRulesDocument, readRulesDocument, rulesFile, type RulesDocument } from '../rules.ts';
import { plural } from '../state.ts';
import type { Notify } from './use-notify.ts';

export function useRules(host: PanelHost, notify: Notify) {
  const [document, setDocument] = useState<RulesDocument>(emptyRulesDocument);
  // Bumped by every change: a read that started before it is older than it.
  const version = useRef(0);

  useEffect(() => {
    const store = host.rules;
    if (!store) return;
    let live = true;
    const adopt = (value: unknown) => {
      if (!live) return;
      const doc = value === undefined ? emptyRulesDocument() : readRulesDocument(value);
      if (doc) setDocument(doc);
      else notify('warning', 'rules-invalid', 'The stored expectation rules are not a rules file.');
    };
    const started = version.current;
    store.load().then(
      (value) => {
        if (version.current === started) adopt(value);
      },
      (error: unknown) =>
        notify('error', 'rules-failed', `Could not read the expectation rules: ${String(error)}`),
    );
    const off = store.onChange?.((value) => {
      version.current++;
      adopt(value);
    });
    return () => {
      live = false;
      off?.();
    };
  }, [host, notify]);

  /** Keeps a (valid) document; `message` says what changed. */
  const change = useCallback(
    (doc: RulesDocument, message: string) => {
      version.current++;
      setDocument(doc);
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
    },
    [host, notify],
  );

  const exportRules = useCallback(() => {
    const file = rulesFile(document);
    host.saveFile(file);
    notify(
      'info',
      'rules-exported',
      `Exported ${plural(document.rules.length, 'rule')} to ${file.name}.`,
    );
  }, [host, notify, document]);

  return { document, change, exportRules };
}
