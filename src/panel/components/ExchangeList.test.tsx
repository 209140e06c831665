import { act, cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Exchange } from '../../shared/exchange.ts';
import { hasInvisible } from '../../shared/visible-text.ts';
import { fixtures, makeExchange, manyExchanges } from '../test-fixtures.ts';
import { giveElementsASize } from '../test-host.ts';
import { ExchangeList } from './ExchangeList.tsx';

beforeAll(() => giveElementsASize(420));
afterEach(cleanup);

function Harness({
  exchanges,
  onActivate = () => {},
}: {
  exchanges: Exchange[];
  onActivate?: () => void;
}) {
  const [selected, setSelected] = useState<string | null>(null);
  return (
    <ExchangeList
      exchanges={exchanges}
      selectedId={selected}
      onSelect={setSelected}
      onActivate={onActivate}
      time="clock"
    />
  );
}

const rows = () => screen.queryAllByTestId('exchange-row');
const selectedRow = () => rows().find((r) => r.getAttribute('aria-selected') === 'true');

describe('ExchangeList', () => {
  it('shows status, method, path then host, scheme badges and diagnostic counts per row', () => {
    render(<Harness exchanges={[fixtures.malformed(), fixtures.digest(), fixtures.bearer()]} />);
    const [malformed, digest, bearer] = rows();
    const cells = (row: HTMLElement) =>
      within(row)
        .getAllByRole('gridcell')
        .map((c) => c.textContent);
    expect(cells(malformed!).slice(0, 6)).toEqual([
      '401',
      'GET',
      '/loginstaging.example.com',
      'Basic',
      '121',
      'challenged',
    ]);
    expect(within(malformed!).getByLabelText('1 error, 2 warnings, 1 info')).toBeTruthy();
    expect(cells(digest!)[0]).toBe('200');
    expect(cells(digest!)[3]).toBe('Digest');
    expect(cells(digest!)[5]).toBe('authenticated');
    expect(cells(bearer!)[1]).toBe('POST');
    expect(screen.getByRole('grid').getAttribute('aria-rowcount')).toBe('4');
  });

  it('leads the Name cell with the path, then the host, with method and URL as its tooltip', () => {
    render(<Harness exchanges={[fixtures.bearer()]} />);
    const row = rows()[0]!;
    const name = within(row).getAllByRole('gridcell')[2]!;
    expect([...name.children].map((c) => c.getAttribute('data-testid'))).toEqual([
      'row-path',
      'row-host',
    ]);
    expect(within(row).getByTestId('row-path').textContent).toBe('/v1/orders');
    expect(within(row).getByTestId('row-host').textContent).toBe('api.example.com');
    expect(name.title).toBe('POST https://api.example.com/v1/orders');
  });

  it('takes outcomes and severities a file made up, prototype names included, as plain words', () => {
    const base = fixtures.malformed();
    const odd = {
      ...base,
      id: 'odd',
      outcome: 'constructor' as Exchange['outcome'],
      steps: base.steps.map((s) =>
        s.kind === 'response'
          ? {
              ...s,
              fields: s.fields.map((f) => ({
                ...f,
                diagnostics: f.diagnostics.map((d) => ({
                  ...d,
                  severity: '__proto__' as 'error',
                })),
              })),
            }
          : s,
      ),
    };
    render(<Harness exchanges={[odd]} />);
    const row = rows()[0]!;
    expect(row.textContent).toContain('constructor');
    expect(row.textContent).not.toContain('function');
    const classes = [row, ...row.querySelectorAll('*')].map((e) => e.getAttribute('class') ?? '');
    expect(classes.join(' ')).not.toContain('function');
  });

  it('shows the first scheme whole and counts the others, naming them all in the tooltip', () => {
    const multi = makeExchange({
      id: 'multi',
      url: 'https://a.example/',
      status: 401,
      headers: [{ name: 'WWW-Authenticate', value: 'Negotiate, NTLM, Basic realm="x"' }],
    });
    render(<Harness exchanges={[multi, fixtures.proxy()]} />);
    const [first, proxy] = rows().map((r) => within(r).getAllByRole('gridcell')[3]!);
    expect(first!.textContent).toBe('Negotiate+2');
    expect(first!.title).toBe('Negotiate, NTLM, Basic');
    expect(within(first!).getByLabelText('and 2 more')).toBeTruthy();
    expect(proxy!.textContent).toBe('Basicproxy');
  });

  it('shows control and bidi characters of URLs, methods and imports as marks, tooltips too', () => {
    const hostile = makeExchange({
      id: 'hostile',
      // Not a parsable URL (a bidi override in the host), so the cell shows it whole.
      url: 'https://evil\u202Egro.example/\u0007x',
      method: 'GE\u200BT',
      status: 401,
      headers: [{ name: 'WWW-Authenticate', value: 'Basic realm="x"' }],
      imported: 'file\u202Eraw.har',
    });
    render(<Harness exchanges={[hostile]} />);
    const row = rows()[0]!;
    const text = row.textContent!;
    expect(hasInvisible(text)).toBe(false);
    expect(text).toContain('GE⟨U+200B⟩T');
    expect(within(row).getByTestId('row-path').textContent).toBe(
      'https://evil⟨U+202E⟩gro.example/⟨U+0007⟩x',
    );
    const titles = [...row.querySelectorAll('[title]')].map((e) => e.getAttribute('title')!);
    expect(hasInvisible(titles.join(' '))).toBe(false);
    expect(titles).toContain('Imported from file⟨U+202E⟩raw.har');
  });

  it('renders only the rows in view out of 10,000, and the grid still counts them all', () => {
    const many = manyExchanges(10_000);
    render(<Harness exchanges={many} />);
    const rendered = rows().length;
    expect(rendered).toBeGreaterThan(10);
    expect(rendered).toBeLessThan(80);
    expect(screen.getByRole('grid').getAttribute('aria-rowcount')).toBe('10001');
  });

  it('follows new records at the bottom: the newest row is rendered', () => {
    const many = manyExchanges(2000);
    const { rerender } = render(<Harness exchanges={many.slice(0, 1000)} />);
    rerender(<Harness exchanges={many} />);
    const ids = rows().map((r) => r.dataset.id);
    expect(ids).toContain(many[1999]!.id);
  });

  it('stops following once the user scrolled up to read history', () => {
    const many = manyExchanges(2000);
    const { rerender } = render(<Harness exchanges={many.slice(0, 1000)} />);
    const scroller = screen.getByRole('rowgroup');
    act(() => {
      scroller.scrollTop = 0;
      scroller.dispatchEvent(new Event('scroll'));
    });
    rerender(<Harness exchanges={many} />);
    const ids = rows().map((r) => r.dataset.id);
    expect(ids).toContain(many[0]!.id);
    expect(ids).not.toContain(many[1999]!.id);
  });

  it('selects with the keyboard: ↓ ↑ Home End, and Enter activates', async () => {
    const user = userEvent.setup();
    const onActivate = vi.fn();
    const list = [fixtures.basic(), fixtures.digest(), fixtures.bearer(), fixtures.proxy()];
    render(<Harness exchanges={list} onActivate={onActivate} />);
    const grid = screen.getByRole('grid');
    grid.focus();
    await user.keyboard('{ArrowDown}');
    expect(selectedRow()?.dataset.id).toBe('basic-1');
    expect(grid.getAttribute('aria-activedescendant')).toBe(selectedRow()!.id);
    await user.keyboard('{ArrowDown}{ArrowDown}');
    expect(selectedRow()?.dataset.id).toBe('bearer-1');
    await user.keyboard('{ArrowUp}');
    expect(selectedRow()?.dataset.id).toBe('digest-1');
    await user.keyboard('{End}');
    expect(selectedRow()?.dataset.id).toBe('proxy-1');
    await user.keyboard('{ArrowDown}');
    expect(selectedRow()?.dataset.id).toBe('proxy-1');
    await user.keyboard('{Home}');
    expect(selectedRow()?.dataset.id).toBe('basic-1');
    expect(onActivate).not.toHaveBeenCalled();
    await user.keyboard('{Enter}');
    expect(onActivate).toHaveBeenCalledTimes(1);
  });

  it('selects with the mouse and keeps keyboard focus on the grid', async () => {
    const user = userEvent.setup();
    render(<Harness exchanges={[fixtures.basic(), fixtures.digest()]} />);
    await user.click(rows()[1]!);
    expect(selectedRow()?.dataset.id).toBe('digest-1');
    expect(document.activeElement).toBe(screen.getByRole('grid'));
    expect(rows()[0]!.getAttribute('aria-selected')).toBe('false');
  });

  it('keeps a selection deep in a long list rendered when moving to it', async () => {
    const user = userEvent.setup();
    const many = manyExchanges(5000);
    render(<Harness exchanges={many} />);
    screen.getByRole('grid').focus();
    await user.keyboard('{Home}');
    expect(selectedRow()?.dataset.id).toBe(many[0]!.id);
    await act(async () => {});
    await user.keyboard('{End}');
    expect(selectedRow()?.dataset.id).toBe(many[4999]!.id);
  });

  it('shows the given message instead of rows when the filter hides everything', () => {
    render(
      <ExchangeList
        exchanges={[]}
        selectedId={null}
        onSelect={() => {}}
        onActivate={() => {}}
        time="duration"
        emptyMessage={<p>No match</p>}
      />,
    );
    expect(screen.getByText('No match')).toBeTruthy();
    expect(screen.queryByRole('rowgroup')).toBeNull();
    expect(screen.getByRole('columnheader', { name: 'Time' })).toBeTruthy();
  });
});
