// The rules editor's form model: a rule object of the versioned schema ↔ the strings and rows the
// form edits, and `validateRules`' errors mapped onto the form's fields. The form never decides
// what is valid; it writes the rule as the file would hold it and asks the core validator. Pure.
import { validateRules, type RuleError } from '../core/index.ts';
import type { RulesDocument } from './rules.ts';

export type ParamMode = 'equals' | 'present' | 'absent';

export interface ParamDraft {
  name: string;
  mode: ParamMode;
  /** The exact value, for 'equals'. */
  value: string;
}

export interface ForbidDraft {
  scheme: string;
  /** Only over plain http ("Basic over http"). */
  overHttp: boolean;
}

export interface RuleDraft {
  name: string;
  match: string;
  /** Status codes separated by commas or spaces, e.g. "401, 403". */
  status: string;
  /** Schemes separated by commas or spaces, e.g. "Bearer". */
  schemes: string;
  params: ParamDraft[];
  forbid: ForbidDraft[];
}

export function emptyDraft(): RuleDraft {
  return { name: '', match: '', status: '', schemes: '', params: [], forbid: [] };
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]);

/** A rule object (as stored or imported; already valid) as the form shows it. */
export function draftOf(rule: unknown): RuleDraft {
  if (!isRecord(rule)) return emptyDraft();
  const params: ParamDraft[] = isRecord(rule.params)
    ? Object.entries(rule.params).map(([name, expect]) =>
        typeof expect === 'string'
          ? { name, mode: 'equals', value: expect }
          : { name, mode: expect === false ? 'absent' : 'present', value: '' },
      )
    : [];
  const forbid: ForbidDraft[] = list(rule.forbid).map((item) => {
    const parts = String(item).trim().split(/\s+/);
    return { scheme: parts[0] ?? '', overHttp: parts.length === 3 };
  });
  return {
    name: typeof rule.name === 'string' ? rule.name : '',
    match: typeof rule.match === 'string' ? rule.match : '',
    status: list(rule.status).map(String).join(', '),
    schemes: list(rule.schemes).map(String).join(', '),
    params,
    forbid,
  };
}

const words = (text: string) => text.split(/[\s,]+/).filter((w) => w !== '');

/**
 * The rule object the form describes, written as the schema spells it. Nothing is corrected
 * here: "40x" stays a string so that the validator names it (`status[0]`).
 */
export function ruleOf(draft: RuleDraft): Record<string, unknown> {
  const rule: Record<string, unknown> = {};
  const name = draft.name.trim();
  if (name !== '') rule.name = name;
  rule.match = draft.match.trim();
  const status = words(draft.status).map((w) => (/^\d+$/.test(w) ? Number(w) : w));
  if (status.length > 0) rule.status = status;
  const schemes = words(draft.schemes);
  if (schemes.length > 0) rule.schemes = schemes;
  const params = draft.params.filter((p) => p.name.trim() !== '' || p.value !== '');
  if (params.length > 0) {
    const out: Record<string, string | boolean> = {};
    for (const p of params) {
      out[p.name.trim()] = p.mode === 'equals' ? p.value : p.mode === 'present';
    }
    rule.params = out;
  }
  const forbid = draft.forbid.filter((f) => f.scheme.trim() !== '');
  if (forbid.length > 0) {
    rule.forbid = forbid.map((f) => `${f.scheme.trim()}${f.overHttp ? ' over http' : ''}`);
  }
  return rule;
}

/** Where in the form a problem belongs. */
export type DraftPart =
  | { part: 'rule' | 'name' | 'match' | 'status' | 'schemes' | 'params' | 'forbid' }
  | { part: 'param'; row: number }
  | { part: 'forbid-row'; row: number };

export interface DraftError {
  at: DraftPart;
  /** The validator's message, naming the rule and field ("rules[2].match: …"). */
  message: string;
}

/** Problems the form catches before the validator could: two rows for one parameter. */
function formErrors(draft: RuleDraft, index: number): DraftError[] {
  const out: DraftError[] = [];
  const seen = new Map<string, number>();
  draft.params.forEach((p, row) => {
    const key = p.name.trim().toLowerCase();
    if (key === '') {
      if (p.value !== '') {
        out.push({
          at: { part: 'param', row },
          message: `rules[${index}].params: a parameter needs a name`,
        });
      }
      return;
    }
    if (seen.has(key)) {
      out.push({
        at: { part: 'param', row },
        message: `rules[${index}].params.${p.name.trim()}: is listed twice (names are case-insensitive)`,
      });
    }
    seen.set(key, row);
  });
  return out;
}

function partOf(error: RuleError, draft: RuleDraft): DraftPart {
  const field = error.field;
  const param = /^params\.(.+)$/.exec(field);
  if (param) {
    const row = draft.params.findIndex((p) => p.name.trim() === param[1]);
    return row >= 0 ? { part: 'param', row } : { part: 'params' };
  }
  const forbid = /^forbid\[(\d+)\]$/.exec(field);
  if (forbid) {
    // The validator counts the rows the rule holds; the form also has empty ones it dropped.
    const kept = draft.forbid.flatMap((f, row) => (f.scheme.trim() !== '' ? [row] : []));
    const row = kept[Number(forbid[1])];
    return row === undefined ? { part: 'forbid' } : { part: 'forbid-row', row };
  }
  const base = field.replace(/\[.*$/, '');
  if (
    base === 'name' ||
    base === 'match' ||
    base === 'status' ||
    base === 'schemes' ||
    base === 'params' ||
    base === 'forbid'
  ) {
    return { part: base };
  }
  return { part: 'rule' };
}

/**
 * The document with the draft in place of rule `index` (or appended when index is the length),
 * and the problems of that rule mapped onto the form; no problems means the document is valid.
 */
export function applyDraft(
  document: RulesDocument,
  index: number,
  draft: RuleDraft,
): { document: RulesDocument; errors: DraftError[] } {
  const rules = document.rules.slice();
  rules[index] = ruleOf(draft);
  const next: RulesDocument = { ...document, rules };
  const errors = formErrors(draft, index);
  const result = validateRules(next);
  if ('errors' in result) {
    for (const e of result.errors) {
      // Other rules were valid when saved; a problem elsewhere is still shown, never hidden.
      errors.push({
        at: e.rule === index ? partOf(e, draft) : { part: 'rule' },
        message: e.message,
      });
    }
  }
  return { document: next, errors };
}

/** A one-line summary of a valid rule for the list: what it matches and what it expects. */
export function describeRule(rule: unknown): string {
  const d = draftOf(rule);
  const parts: string[] = [];
  if (d.status) parts.push(`status ${d.status}`);
  if (d.schemes) parts.push(`offers ${d.schemes}`);
  for (const p of d.params) {
    parts.push(
      p.mode === 'equals'
        ? `${p.name}="${p.value}"`
        : p.mode === 'present'
          ? `has ${p.name}`
          : `no ${p.name}`,
    );
  }
  for (const f of d.forbid) parts.push(`never ${f.scheme}${f.overHttp ? ' over http' : ''}`);
  return parts.join(' · ');
}

export type ImportResult =
  | { ok: true; document: RulesDocument; count: number }
  | { ok: false; message: string; problems: RuleError[] };

/** A rules file's text read and validated as a whole; an invalid file yields nothing to apply. */
export function importRules(text: string, fileName: string): ImportResult {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return {
      ok: false,
      message: `${fileName} is not JSON (${error instanceof Error ? error.message : String(error)}); nothing changed.`,
      problems: [],
    };
  }
  const result = validateRules(json);
  if ('errors' in result) {
    const n = result.errors.length;
    return {
      ok: false,
      message: `${fileName} is not a valid rules file (${n} problem${n === 1 ? '' : 's'}); nothing changed.`,
      problems: result.errors,
    };
  }
  return { ok: true, document: json as RulesDocument, count: result.rules.length };
}
