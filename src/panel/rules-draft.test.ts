import { describe, expect, it } from 'vitest';
import { validateRules } from '../core/index.ts';
import {
  applyDraft,
  describeRule,
  draftOf,
  emptyDraft,
  importRules,
  ruleOf,
  type RuleDraft,
} from './rules-draft.ts';
import { emptyRulesDocument, readRulesDocument, rulesFile, type RulesDocument } from './rules.ts';

const documented = {
  authlens: 'expectations',
  version: 1,
  description: 'staging: what every protected endpoint must send',
  rules: [
    {
      name: 'API uses Bearer with protected resource metadata',
      match: 'https://staging.example.com/api/**',
      status: [401, 403],
      schemes: ['Bearer'],
      params: { realm: 'api', resource_metadata: true, error: false },
    },
    { name: 'No Basic over plain http, anywhere', match: '*', forbid: ['Basic over http'] },
    { match: 'https://*.example.com/admin/*', forbid: ['Basic', 'NTLM'] },
  ],
};

const draft = (patch: Partial<RuleDraft>): RuleDraft => ({ ...emptyDraft(), ...patch });

describe('the rule form model', () => {
  it('round-trips every rule of the documented example through the form unchanged', () => {
    for (const rule of documented.rules) expect(ruleOf(draftOf(rule))).toEqual(rule);
  });

  it('shows a rule as form fields', () => {
    expect(draftOf(documented.rules[0])).toEqual({
      name: 'API uses Bearer with protected resource metadata',
      match: 'https://staging.example.com/api/**',
      status: '401, 403',
      schemes: 'Bearer',
      params: [
        { name: 'realm', mode: 'equals', value: 'api' },
        { name: 'resource_metadata', mode: 'present', value: '' },
        { name: 'error', mode: 'absent', value: '' },
      ],
      forbid: [],
    });
    expect(describeRule(documented.rules[0])).toBe(
      'status 401, 403 · offers Bearer · realm="api" · has resource_metadata · no error',
    );
  });

  it('leaves empty rows and fields out, and keeps what is wrong for the validator to name', () => {
    expect(
      ruleOf(
        draft({
          match: ' * ',
          status: '401 40x',
          params: [{ name: '', mode: 'equals', value: '' }],
          forbid: [
            { scheme: '', overHttp: false },
            { scheme: 'Basic', overHttp: true },
          ],
        }),
      ),
    ).toEqual({ match: '*', status: [401, '40x'], forbid: ['Basic over http'] });
  });

  it('maps each validator error onto the field, parameter row or forbidden row it concerns', () => {
    const doc: RulesDocument = { ...emptyRulesDocument(), rules: [documented.rules[1]] };
    const { errors } = applyDraft(
      doc,
      1,
      draft({
        match: 'staging.example.com/api',
        status: '40x',
        params: [{ name: 'bad name', mode: 'present', value: '' }],
        forbid: [
          { scheme: '', overHttp: false },
          { scheme: 'Basic Digest', overHttp: false },
        ],
      }),
    );
    expect(errors.map((e) => [e.at, e.message.split(':')[0]])).toEqual([
      [{ part: 'match' }, 'rules[1].match'],
      [{ part: 'status' }, 'rules[1].status[0]'],
      [{ part: 'param', row: 0 }, 'rules[1].params.bad name'],
      [{ part: 'forbid-row', row: 1 }, 'rules[1].forbid[0]'],
    ]);
  });

  it('refuses a rule that checks nothing, and a parameter listed twice', () => {
    const doc = emptyRulesDocument();
    expect(applyDraft(doc, 0, draft({ match: '*' })).errors).toEqual([
      {
        at: { part: 'rule' },
        message:
          'rules[0].(rule): checks nothing: give at least one of status, schemes, params, forbid',
      },
    ]);
    const twice = applyDraft(
      doc,
      0,
      draft({
        match: '*',
        params: [
          { name: 'realm', mode: 'equals', value: 'a' },
          { name: 'Realm', mode: 'present', value: '' },
        ],
      }),
    );
    expect(twice.errors.map((e) => e.at)).toEqual([{ part: 'param', row: 1 }]);
  });

  it('gives a valid document when the draft is valid, replacing or appending the rule', () => {
    const doc = { ...emptyRulesDocument(), rules: [documented.rules[1]] };
    const added = applyDraft(doc, 1, draft({ match: 'https://x.example.com', schemes: 'Digest' }));
    expect(added.errors).toEqual([]);
    expect(added.document.rules).toEqual([
      documented.rules[1],
      { match: 'https://x.example.com', schemes: ['Digest'] },
    ]);
    expect('rules' in validateRules(added.document)).toBe(true);
    const replaced = applyDraft(doc, 0, draft({ match: '*', status: '401' }));
    expect(replaced.document.rules).toEqual([{ match: '*', status: [401] }]);
    expect(doc.rules).toEqual([documented.rules[1]]);
  });
});

describe('rules files', () => {
  it('exports the versioned document and imports it back unchanged', () => {
    const file = rulesFile(documented as RulesDocument);
    expect(file.name).toBe('authlens-expectations.json');
    const back = importRules(file.text, file.name);
    expect(back).toEqual({ ok: true, document: documented, count: 3 });
  });

  it('names the rule and field of every problem in an invalid file', () => {
    const bad = {
      authlens: 'expectations',
      version: 1,
      rules: [
        { match: '*', forbid: ['Basic'] },
        { match: 'staging.example.com/api', schemes: ['Bearer'] },
        { match: '*', scheme: ['Bearer'] },
      ],
    };
    const result = importRules(JSON.stringify(bad), 'rules.json');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.message).toBe(
      'rules.json is not a valid rules file (2 problems); nothing changed.',
    );
    expect(result.problems.map((p) => [p.rule, p.field])).toEqual([
      [1, 'match'],
      [2, 'scheme'],
    ]);
    expect(result.problems[1]!.message).toMatch(/did you mean "schemes"/);
  });

  it('says when a file is not JSON or not a rules file at all', () => {
    const notJson = importRules('{"rules": [', 'broken.json');
    expect(notJson.ok).toBe(false);
    if (!notJson.ok)
      expect(notJson.message).toMatch(/^broken\.json is not JSON \(.+\); nothing changed\.$/);
    const har = importRules('{"log": {"entries": []}}', 'x.har');
    if (har.ok) throw new Error('accepted a HAR file');
    expect(har.problems.map((p) => p.field)).toContain('authlens');
  });

  it('reads only a rules envelope from storage', () => {
    expect(readRulesDocument(undefined)).toBeNull();
    expect(readRulesDocument({ authlens: 'expectations', rules: {} })).toBeNull();
    expect(readRulesDocument([])).toBeNull();
    expect(readRulesDocument(documented)).toBe(documented);
  });
});
