import { act, cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { App } from '../App.tsx';
import { fixtures } from '../test-fixtures.ts';
import { giveElementsASize, snapshotOf, testHost, testRuleStore } from '../test-host.ts';

beforeAll(() => giveElementsASize(420));
afterEach(cleanup);

const stored = (...rules: unknown[]) => ({ authlens: 'expectations', version: 1, rules });

async function start(initial?: unknown) {
  const host = testHost({ rules: testRuleStore(initial) });
  const user = userEvent.setup();
  render(<App host={host} />);
  act(() => host.port().deliver(snapshotOf([fixtures.basic(), fixtures.bearer()])));
  return { host, user };
}

async function openEditor(user: ReturnType<typeof userEvent.setup>) {
  await user.click(screen.getByRole('button', { name: 'Settings' }));
  await user.click(screen.getByTestId('edit-rules'));
  return screen.findByRole('dialog', { name: 'Expectation rules' });
}

const ruleRows = () => screen.queryAllByTestId('rule-row');

describe('the expectation rules editor', () => {
  it('adds a rule with the form and stores it in the documented schema', async () => {
    const { host, user } = await start();
    expect(screen.queryByTestId('rules-badge')).toBeNull();
    const dialog = await openEditor(user);
    expect(within(dialog).getByTestId('no-rules')).toBeTruthy();
    await user.click(within(dialog).getByTestId('rule-add'));
    const form = within(dialog).getByRole('form', { name: 'New rule' });
    await user.type(within(form).getByLabelText('Name'), 'API');
    await user.type(within(form).getByLabelText('URL pattern'), 'https://api.example.com/**');
    await user.type(within(form).getByLabelText('Status codes'), '401');
    await user.type(within(form).getByLabelText('Expected schemes'), 'Bearer');
    await user.click(within(form).getByTestId('param-add'));
    await user.type(within(form).getByLabelText('Parameter 1 name'), 'realm');
    await user.type(within(form).getByLabelText('Parameter 1 value'), 'api');
    await user.click(within(form).getByTestId('param-add'));
    await user.type(within(form).getByLabelText('Parameter 2 name'), 'scope');
    await user.selectOptions(within(form).getByLabelText('Parameter 2 expectation'), 'absent');
    await user.click(within(form).getByTestId('forbid-basic-http'));
    await user.click(within(form).getByTestId('rule-save'));

    await waitFor(() => expect(host.rules.saves).toHaveLength(1));
    expect(host.rules.stored).toEqual(
      stored({
        name: 'API',
        match: 'https://api.example.com/**',
        status: [401],
        schemes: ['Bearer'],
        params: { realm: 'api', scope: false },
        forbid: ['Basic over http'],
      }),
    );
    expect(ruleRows()).toHaveLength(1);
    expect(ruleRows()[0]!.textContent).toContain('https://api.example.com/**');
    expect(screen.getByTestId('rules-badge').textContent).toMatch(/^1 rule/);
  });

  it('shows what is wrong in the form, field by field, and keeps nothing until it is right', async () => {
    const { host, user } = await start();
    const dialog = await openEditor(user);
    await user.click(within(dialog).getByTestId('rule-add'));
    const match = within(dialog).getByLabelText('URL pattern');
    await user.type(match, 'staging.example.com/api');
    await user.type(within(dialog).getByLabelText('Status codes'), '40x');
    await user.click(within(dialog).getByTestId('rule-save'));
    expect(within(dialog).getByTestId('rule-errors').textContent).toMatch(/2 problems/);
    expect(match.getAttribute('aria-invalid')).toBe('true');
    const errors = within(dialog).getAllByTestId('field-error');
    expect(errors.map((e) => e.dataset.part)).toEqual(['match', 'status']);
    expect(errors[0]!.textContent).toMatch(/^rules\[0\]\.match: "staging\.example\.com\/api"/);
    expect(errors[1]!.textContent).toMatch(/^rules\[0\]\.status\[0\]: must be a status code/);
    expect(host.rules.saves).toHaveLength(0);
    await user.clear(match);
    await user.type(match, 'https://staging.example.com/api');
    await user.clear(within(dialog).getByLabelText('Status codes'));
    await user.type(within(dialog).getByLabelText('Status codes'), '401');
    expect(within(dialog).queryAllByTestId('field-error')).toHaveLength(0);
    await user.click(within(dialog).getByTestId('rule-save'));
    await waitFor(() => expect(host.rules.saves).toHaveLength(1));
  });

  it('edits and deletes rules, and the violations follow at once', async () => {
    const { host, user } = await start(
      stored(
        { name: 'Digest everywhere', match: '*', schemes: ['Digest'] },
        { match: 'https://api.example.com/**', status: 403 },
      ),
    );
    // Both exchanges break rule 0 (neither offers Digest); the Bearer one meets rule 1.
    await waitFor(() => expect(screen.getByTestId('rules-badge').dataset.violations).toBe('2'));
    expect(screen.getByTestId('rules-badge').textContent).toMatch(/^2 rules/);
    const dialog = await openEditor(user);
    expect(ruleRows().map((r) => r.textContent)).toEqual([
      expect.stringMatching(/rules\[0\] Digest everywhere \*offers Digest/),
      expect.stringMatching(/rules\[1\] Rule 2 https:\/\/api\.example\.com\/\*\*status 403/),
    ]);

    await user.click(within(dialog).getByRole('button', { name: 'Edit rule 1' }));
    const schemes = within(dialog).getByLabelText('Expected schemes');
    expect((schemes as HTMLInputElement).value).toBe('Digest');
    await user.clear(schemes);
    await user.type(schemes, 'Basic');
    await user.click(within(dialog).getByTestId('rule-save'));
    await waitFor(() => expect(host.rules.saves).toHaveLength(1));
    expect((host.rules.stored as { rules: unknown[] }).rules[0]).toEqual({
      name: 'Digest everywhere',
      match: '*',
      schemes: ['Basic'],
    });
    // Only the Bearer exchange lacks Basic now.
    await waitFor(() => expect(screen.getByTestId('rules-badge').dataset.violations).toBe('1'));

    await user.click(within(dialog).getByRole('button', { name: 'Delete rule 1' }));
    await waitFor(() => expect(host.rules.saves).toHaveLength(2));
    expect(host.rules.stored).toEqual(stored({ match: 'https://api.example.com/**', status: 403 }));
    expect(ruleRows()).toHaveLength(1);
    await waitFor(() => expect(screen.getByTestId('rules-badge').dataset.violations).toBe('0'));
    await user.click(within(dialog).getByRole('button', { name: 'Delete rule 1' }));
    await waitFor(() => expect(host.rules.saves).toHaveLength(3));
    expect(screen.queryByTestId('rules-badge')).toBeNull();
    await user.click(within(dialog).getByTestId('rules-close'));
    await user.type(screen.getByTestId('filter'), 'has:violation');
    expect(screen.queryAllByTestId('exchange-row')).toHaveLength(0);
  });

  it('refuses an invalid rules file with the rule and field of each problem, and changes nothing', async () => {
    const before = stored({ match: '*', forbid: ['Basic over http'] });
    const { host, user } = await start(before);
    const dialog = await openEditor(user);
    const bad = stored(
      { match: '*', forbid: ['Basic'] },
      { match: 'staging.example.com/api', schemes: ['Bearer'] },
      { match: '*', scheme: ['Bearer'] },
    );
    await user.upload(
      within(dialog).getByTestId('rules-import-input'),
      new File([JSON.stringify(bad)], 'rules.json', { type: 'application/json' }),
    );
    const alert = await within(dialog).findByTestId('rules-error');
    expect(alert.getAttribute('role')).toBe('alert');
    expect(alert.textContent).toMatch(
      /rules\.json is not a valid rules file \(2 problems\); nothing changed\./,
    );
    const items = within(alert).getAllByTestId('rules-error-item');
    expect(items.map((i) => [i.dataset.rule, i.dataset.field])).toEqual([
      ['1', 'match'],
      ['2', 'scheme'],
    ]);
    expect(items[0]!.textContent).toMatch(/^rules\[1\]\.match: "staging\.example\.com\/api"/);
    expect(items[1]!.textContent).toMatch(
      /^rules\[2\]\.scheme: is not a known field \(did you mean "schemes"\?\)/,
    );
    expect(host.rules.saves).toHaveLength(0);
    expect(host.rules.stored).toEqual(before);
    expect(ruleRows()).toHaveLength(1);

    await user.upload(
      within(dialog).getByTestId('rules-import-input'),
      new File(['{"rules": ['], 'broken.json'),
    );
    await waitFor(() =>
      expect(within(dialog).getByTestId('rules-error').textContent).toMatch(
        /broken\.json is not JSON/,
      ),
    );
    expect(host.rules.saves).toHaveLength(0);
  });

  it('exports the rules as a file that imports back to the same rules', async () => {
    const rules = stored(
      {
        name: 'API',
        match: 'https://api.example.com/**',
        status: [401, 403],
        schemes: ['Bearer'],
        params: { realm: 'api', resource_metadata: true },
      },
      { match: '*', forbid: ['Basic over http', 'NTLM'] },
    );
    const { host, user } = await start({ ...rules, description: 'staging' });
    let dialog = await openEditor(user);
    await waitFor(() => expect(ruleRows()).toHaveLength(2));
    await user.click(within(dialog).getByTestId('rules-export'));
    expect(host.saved).toHaveLength(1);
    const file = host.saved[0]!;
    expect(file.name).toBe('authlens-expectations.json');
    expect(JSON.parse(file.text)).toEqual({ ...rules, description: 'staging' });

    // Delete everything, then import the exported file.
    await user.click(within(dialog).getByRole('button', { name: 'Delete rule 1' }));
    await user.click(within(dialog).getByRole('button', { name: 'Delete rule 1' }));
    await waitFor(() => expect(within(dialog).getByTestId('no-rules')).toBeTruthy());
    await user.click(within(dialog).getByTestId('rules-close'));
    expect(screen.queryByRole('dialog')).toBeNull();
    dialog = await openEditor(user);
    await user.upload(
      within(dialog).getByTestId('rules-import-input'),
      new File([file.text], file.name, { type: 'application/json' }),
    );
    await waitFor(() => expect(ruleRows()).toHaveLength(2));
    expect(host.rules.stored).toEqual({ ...rules, description: 'staging' });
    expect(screen.getByTestId('notice').textContent).toBe(
      'Imported 2 rules from authlens-expectations.json.',
    );
  });

  it('follows rules another panel saved', async () => {
    const { host } = await start();
    expect(screen.queryByTestId('rules-badge')).toBeNull();
    act(() => host.rules.changeElsewhere(stored({ match: '*', status: 200 })));
    await waitFor(() => expect(screen.getByTestId('rules-badge').dataset.violations).toBe('2'));
  });

  it('says when the stored rules are invalid and applies none of them', async () => {
    await start(stored({ match: 'nope', status: 401 }));
    await waitFor(() =>
      expect(screen.getByTestId('rules-badge').textContent).toBe('rules invalid'),
    );
    expect(screen.getByTestId('notice').textContent).toMatch(
      /The stored expectation rules are invalid, so none applies: rules\[0\]\.match/,
    );
  });
});
