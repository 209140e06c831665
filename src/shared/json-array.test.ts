import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { locateArray } from './json-array.ts';

const elementsAt = (text: string, path: string[]) => {
  const spans = locateArray(text, path);
  return spans?.starts.map((s, i) => JSON.parse(text.slice(s, spans.ends[i])) as unknown);
};

describe('locateArray', () => {
  it('finds exactly the elements JSON.parse finds, whatever surrounds them', () => {
    fc.assert(
      fc.property(
        fc.array(fc.jsonValue()),
        fc.dictionary(fc.string(), fc.jsonValue()),
        fc.dictionary(fc.string(), fc.jsonValue()),
        fc.integer({ min: 0, max: 2 }),
        (entries, before, after, indent) => {
          const doc = { ...before, log: { ...after, entries } };
          const text = JSON.stringify(doc, null, indent);
          const parsed = JSON.parse(text) as { log: { entries: unknown[] } };
          expect(elementsAt(text, ['log', 'entries'])).toEqual(parsed.log.entries);
        },
      ),
    );
  });

  it('reads keys with escapes and strings with escaped quotes and brackets', () => {
    const text = String.raw`{"a\"}":"[\"{","l\u006fg":{"entries":[{"x":"}]\\"},2,"\\"]}}`;
    expect(elementsAt(text, ['log', 'entries'])).toEqual([{ x: '}]\\' }, 2, '\\']);
  });

  it('says null for anything else, so the caller parses it whole for the message', () => {
    for (const text of [
      '',
      '[]',
      '{"log":{"entries":{}}}',
      '{"log":[]}',
      '{"log":{"entries":[1,2}}',
      '{"log":{"entries":[1,2]}',
      '{"log":{"entries":[1,2]}} x',
      '{"log":{"entries":["unterminated]}}',
      '{"format":"authlens","exchanges":[]}',
    ]) {
      expect(locateArray(text, ['log', 'entries']), text).toBeNull();
    }
  });
});
