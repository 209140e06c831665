// Finds the elements of one array inside a JSON text without parsing the rest: a HAR file of 64 MB
// is mostly entries AuthLens never reads, and JSON.parse of all of it costs hundreds of megabytes
// before the first one is looked at. The scan checks structure only (strings, brackets, commas);
// each element is handed to JSON.parse by whoever reads it, so an invalid one is reported on its
// own. Linear: every character is looked at once (strings are skipped with indexOf). Pure.

/** Where each element of the array lies in the text: `text.slice(starts[i], ends[i])`. */
export interface ArraySpans {
  starts: number[];
  ends: number[];
}

/**
 * The spans of the elements of the array found by following `path` (object keys) from the top of
 * the document, e.g. ['log', 'entries']; null when the text is not a JSON object with an array
 * there, or its structure is broken anywhere (the caller then parses it whole, for the message).
 */
export function locateArray(text: string, path: readonly string[]): ArraySpans | null {
  try {
    const scanner = new Scanner(text);
    let spans: ArraySpans | null = null;
    scanner.value(
      (at, depth) => {
        if (depth === path.length) return 'record';
        return at === path[depth] ? 'descend' : 'skip';
      },
      (found) => (spans = found),
    );
    scanner.end();
    return spans;
  } catch {
    return null;
  }
}

class Broken extends Error {}

type Visit = (key: string, depth: number) => 'descend' | 'skip' | 'record';

class Scanner {
  private i = 0;
  constructor(private readonly text: string) {}

  /** Reads one value; objects on the path are walked into, the target array is recorded. */
  value(visit: Visit, found: (spans: ArraySpans) => void, depth = 0): void {
    this.space();
    const c = this.text[this.i];
    if (c === '{') this.object(visit, found, depth);
    else if (c === '[' && depth > 0 && visit('', depth) === 'record') found(this.array());
    else this.skip();
  }

  end(): void {
    this.space();
    if (this.i !== this.text.length) throw new Broken();
  }

  private object(visit: Visit, found: (spans: ArraySpans) => void, depth: number): void {
    this.i++; // {
    this.space();
    if (this.text[this.i] === '}') return void this.i++;
    for (;;) {
      this.space();
      const keyStart = this.i;
      this.string();
      const key = JSON.parse(this.text.slice(keyStart, this.i)) as string;
      this.space();
      this.expect(':');
      const next = visit(key, depth);
      if (next === 'descend') this.value(visit, found, depth + 1);
      else this.skip();
      this.space();
      if (this.text[this.i] === ',') this.i++;
      else return this.expect('}');
    }
  }

  private array(): ArraySpans {
    const spans: ArraySpans = { starts: [], ends: [] };
    this.i++; // [
    this.space();
    if (this.text[this.i] === ']') return (this.i++, spans);
    for (;;) {
      this.space();
      spans.starts.push(this.i);
      this.skip();
      spans.ends.push(this.i);
      this.space();
      if (this.text[this.i] === ',') this.i++;
      else return (this.expect(']'), spans);
    }
  }

  /** Passes over one value of any kind, checking only that its brackets and strings close. */
  private skip(): void {
    this.space();
    const c = this.text[this.i];
    if (c === '"') return this.string();
    if (c !== '{' && c !== '[') return this.scalar();
    let depth = 0;
    for (;;) {
      const d = this.text.charCodeAt(this.i);
      if (d === 0x22) {
        this.string();
        continue;
      }
      if (d === 0x7b || d === 0x5b) depth++;
      else if (d === 0x7d || d === 0x5d) depth--;
      else if (Number.isNaN(d)) throw new Broken();
      this.i++;
      if (depth === 0) return;
    }
  }

  private scalar(): void {
    const start = this.i;
    while (this.i < this.text.length && !',}]\t\n\r '.includes(this.text[this.i]!)) this.i++;
    if (this.i === start) throw new Broken();
  }

  private string(): void {
    if (this.text[this.i] !== '"') throw new Broken();
    let j = this.i + 1;
    for (;;) {
      const quote = this.text.indexOf('"', j);
      if (quote === -1) throw new Broken();
      let backslashes = 0;
      while (this.text[quote - 1 - backslashes] === '\\') backslashes++;
      j = quote + 1;
      if (backslashes % 2 === 0) break;
    }
    this.i = j;
  }

  private space(): void {
    for (;;) {
      const c = this.text.charCodeAt(this.i);
      if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) return;
      this.i++;
    }
  }

  private expect(c: string): void {
    if (this.text[this.i] !== c) throw new Broken();
    this.i++;
  }
}
