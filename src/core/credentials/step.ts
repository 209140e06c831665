// The shape every credentials builder returns: the field AuthLens would send plus each step that
// produced it, labelled with the RFC section defining it, so the panel can teach the arithmetic.
import type { Reference } from '../types.ts';

/** Which request field carries the credentials: origin (RFC 9110 §11.6.2) or proxy (§11.7.2). */
export type AuthorizationField = 'Authorization' | 'Proxy-Authorization';

export type CredentialStepId =
  // Basic (RFC 7617)
  | 'user-pass'
  | 'octets'
  | 'base64'
  // Digest (RFC 7616)
  | 'algorithm'
  | 'qop'
  | 'nc'
  | 'cnonce'
  | 'a1'
  | 'ha1'
  | 'entity-body-hash'
  | 'a2'
  | 'ha2'
  | 'response-input'
  | 'response'
  | 'username'
  // Both
  | 'header';

export interface CredentialStep {
  /** Stable identifier, for keys and lookups (e.g. the panel highlighting HA1). */
  id: CredentialStepId;
  /** The name the RFC uses: "user-pass", "A1", "H(A1)", "response", … */
  label: string;
  /** The value of this step, exactly as computed or sent. */
  value: string;
  /** One or two sentences on what the step is and why it is done. */
  detail: string;
  reference: Reference;
}

/** Something the user should know about the result, or why there is none. */
export interface CredentialNote {
  message: string;
  reference: Reference;
}

export interface CredentialsBuilt {
  ok: true;
  field: AuthorizationField;
  /** The field value, e.g. `Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==`. */
  value: string;
  /** The whole field line, e.g. `Authorization: Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==`. */
  header: string;
  steps: CredentialStep[];
  notes: CredentialNote[];
}

export interface CredentialsRefused {
  ok: false;
  /** Why no field can be built from this input. */
  problem: CredentialNote;
  /** The steps computed before the problem was found (possibly none). */
  steps: CredentialStep[];
  notes: CredentialNote[];
}

/** Never thrown: every outcome, including bad input, is a value. */
export type CredentialsResult = CredentialsBuilt | CredentialsRefused;

/** Octets as space-separated pairs of lowercase hex digits, as the panel shows them. */
export function spacedHex(bytes: Uint8Array): string {
  const parts: string[] = [];
  for (const byte of bytes) parts.push(byte.toString(16).padStart(2, '0'));
  return parts.join(' ');
}

/**
 * The index of the first character no field value can carry, or -1. Field values are octets:
 * VCHAR, SP, HTAB and obs-text (RFC 9110 §5.5); anything above U+00FF has no single octet at all.
 */
export function unsendableAt(value: string): number {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09) || c === 0x7f || c > 0xff) return i;
  }
  return -1;
}

/** "U+000A" — how a problem names a character. */
export function codePointName(value: string, index: number): string {
  const cp = value.codePointAt(index) ?? 0;
  return `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
}
