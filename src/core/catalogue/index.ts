// Lookups into the teaching catalogue: schemes and their parameters by name, case-insensitively,
// through maps built once when the module loads.
import type { ParamContext, ParamInfo, SchemeInfo } from './model.ts';
import { schemes } from './schemes.ts';

export { schemes };

// Scheme and parameter names are ASCII tokens, so fold ASCII only: toLowerCase() would also map
// non-ASCII look-alikes such as U+212A KELVIN SIGN onto "k" and match names that are not there.
// Most names are already lower case, or only their first letter is not: the loop finds out
// without building a string, and the rest is folded a character at a time.
function fold(name: string): string {
  let i = 0;
  while (i < name.length) {
    const c = name.charCodeAt(i);
    if (c >= 0x41 && c <= 0x5a) break;
    i++;
  }
  if (i === name.length) return name;
  let out = name.slice(0, i);
  for (; i < name.length; i++) {
    const c = name.charCodeAt(i);
    out += String.fromCharCode(c >= 0x41 && c <= 0x5a ? c + 32 : c);
  }
  return out;
}

// A newline cannot occur in a token, so it separates the parts of a key unambiguously.
function paramKey(scheme: string, context: ParamContext, param: string): string {
  return `${fold(scheme)}\n${context}\n${fold(param)}`;
}

const schemesByName = new Map<string, SchemeInfo>();
const paramsByKey = new Map<string, ParamInfo>();
for (const scheme of schemes) {
  schemesByName.set(fold(scheme.name), scheme);
  for (const param of scheme.params) {
    for (const context of param.appearsIn) {
      paramsByKey.set(paramKey(scheme.name, context, param.name), param);
    }
  }
}

/** The catalogue entry for an auth-scheme; names match case-insensitively (RFC 9110 §11.1). */
export function findScheme(name: string): SchemeInfo | undefined {
  return schemesByName.get(fold(name));
}

/**
 * The catalogue entry for a parameter of a scheme in one header context; names match
 * case-insensitively (RFC 9110 §11.2). The same name can mean different things per context.
 */
export function findParam(
  scheme: string,
  param: string,
  context: ParamContext = 'challenge',
): ParamInfo | undefined {
  return paramsByKey.get(paramKey(scheme, context, param));
}

/** Whether the scheme is listed in the IANA HTTP Authentication Scheme Registry. */
export function isRegisteredScheme(name: string): boolean {
  return findScheme(name)?.registered === true;
}
