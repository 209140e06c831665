import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { buildAuthFields } from '../../shared/auth-fields.ts';
import type { AuthField } from '../../shared/exchange.ts';
import { fixtures } from '../test-fixtures.ts';
import { ExchangeDetail } from './ExchangeDetail.tsx';
import { RawHeader } from './RawHeader.tsx';

afterEach(cleanup);

function field(lines: string[], statusCode = 401, url = 'https://a.example/'): AuthField {
  const { fields } = buildAuthFields(
    lines.map((value) => ({ name: 'WWW-Authenticate', value })),
    { statusCode, url },
  );
  return fields[0]!;
}

/** The text of each highlighted part with its kind and where it starts in the line. */
function parts(line: HTMLElement): Array<[string, string, number]> {
  const prefix = line.firstElementChild!.textContent!.length;
  const out: Array<[string, string, number]> = [];
  for (const el of line.querySelectorAll<HTMLElement>('[data-part]')) {
    const range = document.createRange();
    range.setStart(line, 0);
    range.setEndBefore(el);
    out.push([el.dataset.part!, el.textContent!, range.toString().length - prefix]);
  }
  return out;
}

describe('RawHeader', () => {
  it('shows the field line exactly as received, with scheme, names and values highlighted in place', () => {
    const raw = 'Digest realm="lab",  qop="auth",algorithm=SHA-256';
    render(<RawHeader field={field([raw])} fieldKey="0.0" active={null} />);
    const line = screen.getByTestId('raw-line');
    expect(line.textContent).toBe(`WWW-Authenticate: ${raw}`);
    expect(parts(line)).toEqual([
      ['scheme', 'Digest', 0],
      ['name', 'realm', 7],
      ['value', '"lab"', 13],
      ['name', 'qop', raw.indexOf('qop')],
      ['value', '"auth"', raw.indexOf('"auth"')],
      ['name', 'algorithm', raw.indexOf('algorithm')],
      ['value', 'SHA-256', raw.indexOf('SHA-256')],
    ]);
  });

  it('keeps every field line as its own line, and highlights a token68', () => {
    render(
      <RawHeader
        field={field(['Negotiate abc+/=', 'Basic realm="x"'])}
        fieldKey="0.0"
        active={null}
      />,
    );
    const lines = screen.getAllByTestId('raw-line');
    expect(lines.map((l) => l.textContent)).toEqual([
      'WWW-Authenticate: Negotiate abc+/=',
      'WWW-Authenticate: Basic realm="x"',
    ]);
    expect(parts(lines[0]!)).toEqual([
      ['scheme', 'Negotiate', 0],
      ['token68', 'abc+/=', 10],
    ]);
  });

  it('marks each diagnostic at its span; focus or hover shows its message', async () => {
    const user = userEvent.setup();
    const f = field(['Basic realm=lab, foo="unterminated'], 401, 'http://staging.example.com/');
    render(<RawHeader field={f} fieldKey="0.0" active={null} />);
    const line = screen.getByTestId('raw-line');
    const marks = [...line.querySelectorAll<HTMLElement>('mark')];
    const byCode = (code: string) =>
      marks.filter((m) => m.dataset.codes!.split(' ').includes(code));
    expect(byCode('realm-not-quoted').map((m) => m.textContent)).toEqual(['lab']);
    expect(
      byCode('unterminated-quoted-string')
        .map((m) => m.textContent)
        .join(''),
    ).toBe('"unterminated');
    expect(byCode('basic-over-http').map((m) => m.textContent)).toEqual(['Basic']);
    expect(screen.queryByRole('tooltip')).toBeNull();

    await user.tab();
    expect(document.activeElement).toBe(byCode('basic-over-http')[0]);
    expect(screen.getByRole('tooltip').textContent).toMatch(
      /^warning: .*unencrypted|^warning: .*http/i,
    );

    const unterminated = byCode('unterminated-quoted-string')[0]!;
    fireEvent.focus(unterminated);
    expect(screen.getByRole('tooltip').textContent).toContain('unterminated-quoted-string');
    expect(unterminated.dataset.severity).toBe('error');
    fireEvent.blur(unterminated);
    expect(screen.queryByRole('tooltip')).toBeNull();

    fireEvent.mouseEnter(byCode('realm-not-quoted')[0]!);
    expect(screen.getByRole('tooltip').textContent).toContain('realm-not-quoted');
    // Screen readers get the same text through aria-describedby.
    const describedBy = byCode('realm-not-quoted')[0]!.getAttribute('aria-describedby')!;
    expect(document.getElementById(describedBy.split(' ')[0]!)!.textContent).toMatch(/^warning: /);
  });

  it('marks control characters visibly without shifting offsets', () => {
    const f = field(['Basic\trealm="x"']);
    render(<RawHeader field={f} fieldKey="0.0" active={null} />);
    const line = screen.getByTestId('raw-line');
    expect(line.textContent).toBe('WWW-Authenticate: Basic⟨U+0009⟩realm="x"');
    expect(within(line).getByTitle('U+0009').textContent).toBe('⟨U+0009⟩');
  });

  it('marks bidi and invisible characters inside highlighted parts, each part still in place', () => {
    // U+202E would show the realm's end reversed; U+200B hides inside a parameter name's value.
    const f = field(['Basic realm="ab\u202Ecd", charset="UTF\u200B-8"']);
    render(<RawHeader field={f} fieldKey="0.0" active={null} />);
    const line = screen.getByTestId('raw-line');
    expect(line.textContent).toBe(
      'WWW-Authenticate: Basic realm="ab⟨U+202E⟩cd", charset="UTF⟨U+200B⟩-8"',
    );
    expect(line.textContent).not.toMatch(/[\u202E\u200B]/);
    const values = [...line.querySelectorAll('[data-part=value]')].map((v) => v.textContent);
    expect(values).toEqual(['"ab⟨U+202E⟩cd"', '"UTF⟨U+200B⟩-8"']);
    expect(
      within(line).getByTitle('U+202E').closest('[data-part]')!.getAttribute('data-part'),
    ).toBe('value');
    expect(line.querySelector('[data-part=scheme]')!.textContent).toBe('Basic');
  });

  it('cuts a huge line and shows the rest on request', async () => {
    const user = userEvent.setup();
    const token = 'A'.repeat(20_000);
    render(<RawHeader field={field([`Negotiate ${token}`])} fieldKey="0.0" active={null} />);
    const line = screen.getByTestId('raw-line');
    expect(line.textContent!.length).toBeLessThan(5000);
    await user.click(within(line).getByRole('button', { name: /show all 20,010 characters/ }));
    expect(line.textContent).toBe(`WWW-Authenticate: Negotiate ${token}`);
  });

  it('takes the user from a diagnostic in the list to its mark in the raw view', async () => {
    const user = userEvent.setup();
    render(<ExchangeDetail exchange={fixtures.malformed()} onCopy={() => {}} />);
    const item = within(screen.getByTestId('diagnostics'))
      .getAllByRole('listitem')
      .find((li) => li.dataset.code === 'realm-not-quoted')!;
    await user.click(
      within(item).getByRole('button', { name: 'Show realm-not-quoted in the raw header' }),
    );
    const focused = document.activeElement as HTMLElement;
    expect(focused.tagName).toBe('MARK');
    expect(focused.textContent).toBe('lab');
    expect(screen.getByRole('tooltip').textContent).toContain('realm-not-quoted');
  });
});
