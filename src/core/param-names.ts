// Parameter names compare case-insensitively (RFC 9110 §11.2), and each may occur only once per
// challenge. They are tokens, so folding ASCII letters is all a comparison takes, and it must not
// fold anything else: toLowerCase() would also map non-ASCII look-alikes such as U+212A KELVIN
// SIGN onto "k". Both parsers find a repeated name with the one NameIndex below.
import type { AuthParam } from './types.ts';

/** Whether two names of the same length are equal ignoring ASCII case. */
export function paramEquals(a: string, b: string): boolean {
  for (let i = 0; i < a.length; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    const folded = x | 0x20;
    if (folded !== (y | 0x20) || folded < 0x61 || folded > 0x7a) return false;
  }
  return true;
}

/** Up to this many names a scan finds a repeat faster than a hash table. */
const SMALL_LIST = 16;

/**
 * Finds whether a name repeats one of the parameters of a challenge. A short list is scanned,
 * names of other lengths skipped by a bit per length (mod 32); a long one gets an
 * open-addressing table of indices keyed by a case-folded hash, in a typed array: no strings are
 * lower-cased and nothing is left for the garbage collector, which matters when a hostile
 * challenge carries a hundred thousand names. The index follows the list it is asked about:
 * names added since the last question are entered first, whoever added them. Reset it for each
 * challenge.
 */
export class NameIndex {
  /** Bits of the lengths of the names entered, one per length mod 32. */
  private lengths = 0;
  /** Indices + 1 of the names entered, by hash; null while the list is short. */
  private table: Int32Array | null = null;
  /** How many names of the list are entered. */
  private entered = 0;

  reset(): void {
    this.lengths = 0;
    this.table = null;
    this.entered = 0;
  }

  /** Whether `name` matches one of list[0, count), case-insensitively. */
  repeats(list: readonly AuthParam[], count: number, name: string): boolean {
    if (count >= SMALL_LIST) return this.repeatsAmongMany(list, count, name);
    // Kept small, so that the parsers' loops can inline it.
    let lengths = this.lengths;
    for (let k = this.entered; k < count; k++) lengths |= 1 << (list[k]!.name.length & 31);
    this.lengths = lengths;
    this.entered = count;
    if ((lengths & (1 << (name.length & 31))) === 0) return false;
    for (let k = 0; k < count; k++) {
      const other = list[k]!.name;
      if (other.length === name.length && paramEquals(other, name)) return true;
    }
    return false;
  }

  private repeatsAmongMany(list: readonly AuthParam[], count: number, name: string): boolean {
    let table = this.table;
    if (table === null || table.length < 2 * (count + 1)) {
      // At most half full; grown by doubling, so entering names again costs linear time in all.
      let size = 4 * SMALL_LIST;
      while (size < 4 * (count + 1)) size *= 2;
      table = this.table = new Int32Array(size);
      this.entered = 0;
    }
    while (this.entered < count) enter(table, list[this.entered]!.name, this.entered++);
    const mask = table.length - 1;
    let slot = foldedHash(name) & mask;
    for (let entry = table[slot]!; entry !== 0; entry = table[slot]!) {
      const other = list[entry - 1]!.name;
      if (other.length === name.length && paramEquals(other, name)) return true;
      slot = (slot + 1) & mask;
    }
    return false;
  }
}

/** A hash of a name that ignores ASCII case (FNV-1a over the code units with bit 5 set). */
function foldedHash(name: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ (name.charCodeAt(i) | 0x20), 0x01000193);
  return h >>> 0;
}

/** Enters index `k`, whose name is `name`, in an open-addressing table. */
function enter(table: Int32Array, name: string, k: number): void {
  const mask = table.length - 1;
  let slot = foldedHash(name) & mask;
  while (table[slot] !== 0) slot = (slot + 1) & mask;
  table[slot] = k + 1;
}
