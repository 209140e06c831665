// The shape of the teaching catalogue: what each authentication scheme and parameter means, and
// where the specification says so. Data only; the entries live in schemes.ts.
import type { Reference } from '../types.ts';

/** Which header a parameter appears in. */
export type ParamContext = 'challenge' | 'credentials' | 'authentication-info';

export interface ParamValueInfo {
  value: string;
  meaning: string;
}

export interface ParamInfo {
  /** Canonical spelling; lookups are case-insensitive (RFC 9110 §11.2). */
  name: string;
  /** One to three sentences a student can follow, written for this catalogue. */
  meaning: string;
  /** Whether the defining specification requires it in the contexts listed in `appearsIn`. */
  required: boolean;
  appearsIn: readonly ParamContext[];
  /** How the specification says the value must be sent, when it says so. */
  syntax?: 'quoted-string' | 'token';
  /** The values the specification enumerates, when it does. */
  values?: readonly ParamValueInfo[];
  reference: Reference;
}

export interface SchemeInfo {
  /** Canonical spelling as registered; lookups are case-insensitive (RFC 9110 §11.1). */
  name: string;
  /** Listed in the IANA HTTP Authentication Scheme Registry (RFC 9110 §16.4). */
  registered: boolean;
  /** One paragraph for the panel: what the scheme is and how a client answers it. */
  summary: string;
  /** What a user should know about its security, in one or two sentences. */
  security: string;
  /**
   * How the challenge carries its data; 'none' for schemes that define credentials but never a
   * challenge (the client signs or conceals on its own initiative).
   */
  challengeForm: 'auth-params' | 'token68' | 'token68-or-empty' | 'empty' | 'none';
  reference: Reference;
  params: readonly ParamInfo[];
}
