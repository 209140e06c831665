// Lookups into the teaching catalogue: schemes and their parameters by name, case-insensitively,
// through maps built once when the module loads.
import type { ParamContext, ParamInfo, SchemeInfo } from './model.ts';
import { schemes } from './schemes.ts';

export { schemes };

// Scheme and parameter names are ASCII tokens, so fold ASCII only: toLowerCase() would also map
// non-ASCII look-alikes such as U+212A KELVIN SIGN onto "k" and match names that are not there.
function fold(name: string): string {
  return name.replace(/[A-Z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 32));
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
