// The panel at the widths DevTools gives it (issue 11): docked beside the page (~450 px) the list
// and the detail take turns, as in DevTools' Network panel; docked at the bottom (~1400×300) and
// undocked (~1280×800) they sit side by side. happy-dom has no layout, so the width comes from
// the ResizeObserver the panel reads (setPanelWidth).
import { act, cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { App, NARROW_BELOW } from './App.tsx';
import { fixtures } from './test-fixtures.ts';
import { giveElementsASize, setPanelWidth, snapshotOf, testHost } from './test-host.ts';

beforeAll(() => giveElementsASize(300));
afterEach(() => {
  cleanup();
  setPanelWidth(0);
});

function start(width: number) {
  setPanelWidth(width);
  const host = testHost();
  const user = userEvent.setup();
  render(<App host={host} />);
  act(() =>
    host.port().deliver(snapshotOf([fixtures.basic(), fixtures.digest(), fixtures.bearer()])),
  );
  return { host, user };
}

const panel = () => screen.getByTestId('authlens-panel');
const rows = () => screen.queryAllByTestId('exchange-row');
const row = (id: string) => rows().find((r) => r.dataset.id === id)!;

describe('docked beside the page (450 px): the list, then the detail in its place', () => {
  it('shows the list alone; a click opens the detail instead of it; the button goes back', async () => {
    const { user } = start(450);
    expect(panel().dataset.layout).toBe('narrow');
    expect(screen.queryByTestId('splitter')).toBeNull();
    expect(screen.queryByText(/Select an exchange/)).toBeNull();
    await user.click(row('digest-1'));
    const detail = await screen.findByTestId('exchange-detail');
    expect(screen.queryByTestId('exchange-list')).toBeNull();
    expect(document.activeElement).toBe(within(detail).getByRole('heading', { level: 2 }));
    await user.click(screen.getByTestId('back-to-list'));
    expect(screen.queryByTestId('exchange-detail')).toBeNull();
    expect(document.activeElement).toBe(screen.getByTestId('exchange-list'));
    expect(row('digest-1').getAttribute('aria-selected')).toBe('true');
  });

  it('goes there and back by keyboard: arrows select, Enter opens, Esc returns', async () => {
    const { user } = start(450);
    screen.getByTestId('exchange-list').focus();
    await user.keyboard('{ArrowDown}{ArrowDown}');
    // Moving the selection keeps the list: only Enter opens the detail.
    expect(screen.queryByTestId('exchange-detail')).toBeNull();
    expect(row('digest-1').getAttribute('aria-selected')).toBe('true');
    await user.keyboard('{Enter}');
    const detail = await screen.findByTestId('exchange-detail');
    expect(within(detail).getByRole('heading', { level: 2 }).textContent).toBe(
      `GET ${fixtures.digest().url}`,
    );
    expect(screen.getByTestId('back-to-list').getAttribute('aria-keyshortcuts')).toBe('Escape');
    await user.keyboard('{Escape}');
    expect(screen.queryByTestId('exchange-detail')).toBeNull();
    expect(document.activeElement).toBe(screen.getByTestId('exchange-list'));
    await user.keyboard('{ArrowDown}{Enter}');
    expect(
      within(await screen.findByTestId('exchange-detail')).getByRole('heading', { level: 2 })
        .textContent,
    ).toBe(`POST ${fixtures.bearer().url}`);
  });

  it('returns to the list when the filter hides the exchange shown', async () => {
    const { user } = start(450);
    await user.click(row('basic-1'));
    await screen.findByTestId('exchange-detail');
    await user.type(screen.getByTestId('filter'), 'scheme:bearer');
    expect(screen.queryByTestId('exchange-detail')).toBeNull();
    expect(rows().map((r) => r.dataset.id)).toEqual(['bearer-1']);
  });
});

describe.each([
  ['docked at the bottom', 1400],
  ['undocked', 1280],
  ['just wide enough', NARROW_BELOW],
])('%s (%i px): list and detail side by side', (_where, width) => {
  it('keeps the list beside the selected exchange, with the split to resize', async () => {
    const { user } = start(width);
    expect(panel().dataset.layout).toBe('wide');
    expect(screen.getByText(/Select an exchange/)).toBeTruthy();
    await user.click(row('digest-1'));
    await screen.findByTestId('exchange-detail');
    expect(screen.getByTestId('exchange-list')).toBeTruthy();
    expect(screen.getByTestId('splitter')).toBeTruthy();
    expect(screen.queryByTestId('back-to-list')).toBeNull();
  });
});

it('follows the panel being resized: wide to narrow and back, the selection kept', async () => {
  const { user } = start(1280);
  await user.click(row('bearer-1'));
  await screen.findByTestId('exchange-detail');
  act(() => setPanelWidth(450));
  expect(panel().dataset.layout).toBe('narrow');
  // A click selected it, but in the narrow layout only opening it replaces the list.
  expect(screen.getByTestId('exchange-list')).toBeTruthy();
  expect(row('bearer-1').getAttribute('aria-selected')).toBe('true');
  act(() => setPanelWidth(1280));
  expect(panel().dataset.layout).toBe('wide');
  expect(await screen.findByTestId('exchange-detail')).toBeTruthy();
});
