import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { hasInvisible, visibleText } from './visible-text.ts';

describe('visibleText', () => {
  it('marks a right-to-left override so a spoofed realm reads as sent', () => {
    expect(visibleText('admin\u202Egnp.exe')).toBe('admin⟨U+202E⟩gnp.exe');
  });

  it('marks terminal controls (ESC, BEL), tabs and line breaks', () => {
    expect(visibleText('a\u001b]0;pwned\u0007b')).toBe('a⟨U+001B⟩]0;pwned⟨U+0007⟩b');
    expect(visibleText('Basic\trealm')).toBe('Basic⟨U+0009⟩realm');
    expect(visibleText('x\r\ny')).toBe('x⟨U+000D⟩⟨U+000A⟩y');
  });

  it('marks C1 controls, zero-width characters, isolates and the byte-order mark', () => {
    expect(visibleText('\u0085\u200B\u2066\uFEFF')).toBe('⟨U+0085⟩⟨U+200B⟩⟨U+2066⟩⟨U+FEFF⟩');
  });

  it('leaves printable text, including non-ASCII letters, unchanged', () => {
    expect(visibleText('Digest realm="Zürich café", nonce="ab=="')).toBe(
      'Digest realm="Zürich café", nonce="ab=="',
    );
  });

  it('reports whether anything would be marked', () => {
    expect(hasInvisible('plain')).toBe(false);
    expect(hasInvisible('a\u202Eb')).toBe(true);
    expect(hasInvisible('a\u202Eb')).toBe(true);
  });

  it('never leaves a control or bidi character in its output', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        expect(hasInvisible(visibleText(s))).toBe(false);
      }),
    );
  });
});
