// Parameter names compare case-insensitively (RFC 9110 §11.2). They are tokens, so folding ASCII
// letters is all it takes, and it must not fold anything else: toLowerCase() would also map
// non-ASCII look-alikes such as U+212A KELVIN SIGN onto "k".

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
