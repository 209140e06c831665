// Builds references into the specifications, so every diagnostic and explanation links to the
// exact section that grounds it.
import type { Reference } from './types.ts';

/** A section of an RFC, linked on rfc-editor.org. */
export function rfc(number: number, section = ''): Reference {
  const url = `https://www.rfc-editor.org/rfc/rfc${number}`;
  return {
    document: `RFC ${number}`,
    section,
    url: section ? `${url}#section-${section}` : url,
  };
}

/** The IANA HTTP Authentication Scheme Registry (RFC 9110 §16.4). */
export const ianaSchemeRegistry: Reference = {
  document: 'IANA HTTP Authentication Scheme Registry',
  section: '',
  url: 'https://www.iana.org/assignments/http-authschemes',
};

/**
 * A definition in the WHATWG Fetch Standard, linked by its anchor. The standard numbers no
 * sections stably, so `section` stays empty and the anchor is the address.
 */
export function fetchStandard(anchor: string, name: string): Reference {
  return {
    document: `Fetch Standard, ${name}`,
    section: '',
    url: `https://fetch.spec.whatwg.org/#${anchor}`,
  };
}
