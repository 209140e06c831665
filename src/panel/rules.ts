// The expectation-rules document as the panel stores, imports and exports it: the versioned JSON
// schema of src/core/expectations.ts (documented in src/cli/README.md). Only its envelope is read
// here, so the startup chunk needs no validator; validation lives in the lazily loaded code. Pure.

export interface RulesDocument {
  authlens: 'expectations';
  version: number;
  description?: string;
  /** Rule objects as written in the file; `validateRules` decides whether they hold. */
  rules: unknown[];
}

export function emptyRulesDocument(): RulesDocument {
  return { authlens: 'expectations', version: 1, rules: [] };
}

/**
 * A stored value as a rules document, when it has the envelope of one; anything else (nothing
 * stored, or storage written by something else) is null. Its rules are not checked here.
 */
export function readRulesDocument(value: unknown): RulesDocument | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const v = value as Record<string, unknown>;
  if (v.authlens !== 'expectations' || !Array.isArray(v.rules)) return null;
  return value as RulesDocument;
}

/** The file the panel exports (and `authlens check --expect` reads). */
export function rulesFile(document: RulesDocument): { name: string; mime: string; text: string } {
  return {
    name: 'authlens-expectations.json',
    mime: 'application/json',
    text: `${JSON.stringify(document, null, 2)}\n`,
  };
}
