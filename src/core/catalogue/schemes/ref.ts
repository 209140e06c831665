// Reference builders for the catalogue entries, so every link has the same shape and the section
// always matches the URL fragment.
import type { Reference } from '../../types.ts';

/** A section of an RFC on rfc-editor.org; an empty section means the whole document. */
export function rfc(number: number, section = ''): Reference {
  const url = `https://www.rfc-editor.org/rfc/rfc${number}`;
  return { document: `RFC ${number}`, section, url: section ? `${url}#section-${section}` : url };
}
