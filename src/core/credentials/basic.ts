// Basic credentials built step by step (RFC 7617 §2): user-pass, its UTF-8 octets, the base64
// token68 and the field. Refuses what Basic cannot carry: a ":" in the user-id, control
// characters.
import { base64Encode, utf8Encode } from '../hash/index.ts';
import { rfc } from '../references.ts';
import {
  codePointName,
  spacedHex,
  type AuthorizationField,
  type CredentialNote,
  type CredentialsResult,
  type CredentialStep,
} from './step.ts';

export interface BasicOptions {
  /** The challenge's charset parameter, if any; "UTF-8" (any case) is the only value (§2.1). */
  charset?: string;
  /** Proxy-Authorization for a 407's Proxy-Authenticate challenge; Authorization by default. */
  field?: AuthorizationField;
}

// CTL, RFC 5234 §B.1: neither part may contain one (RFC 7617 §2).
function controlAt(text: string): number {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 || c === 0x7f) return i;
  }
  return -1;
}

function hasNonAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7f) return true;
  return false;
}

export function basicCredentials(
  userId: string,
  password: string,
  options: BasicOptions = {},
): CredentialsResult {
  const steps: CredentialStep[] = [];
  const notes: CredentialNote[] = [];
  const field = options.field ?? 'Authorization';
  const refused = (message: string, section = '2'): CredentialsResult => ({
    ok: false,
    problem: { message, reference: rfc(7617, section) },
    steps,
    notes,
  });

  const charset = options.charset?.trim();
  const utf8Declared = charset !== undefined && charset.toLowerCase() === 'utf-8';
  if (charset !== undefined && !utf8Declared) {
    notes.push({
      message:
        `The challenge's charset="${charset}" is not allowed: "UTF-8" is the only value ` +
        '(RFC 7617 §2.1). AuthLens encodes the credentials as UTF-8 anyway.',
      reference: rfc(7617, '2.1'),
    });
  }

  // §2.1: with charset="UTF-8" the user-id and password are PRECIS strings (RFC 7613), which are
  // normalized to NFC. Only the normalization is applied here, not the profiles' other rules.
  let user = userId;
  let pass = password;
  if (utf8Declared) {
    user = userId.normalize('NFC');
    pass = password.normalize('NFC');
    if (user !== userId || pass !== password) {
      notes.push({
        message:
          'With charset="UTF-8" the user-id and password are normalized to Unicode NFC before ' +
          'encoding (RFC 7617 §2.1, via RFC 7613); what was typed changed under normalization.',
        reference: rfc(7617, '2.1'),
      });
    }
  } else if (charset === undefined && (hasNonAscii(userId) || hasNonAscii(password))) {
    notes.push({
      message:
        'The challenge has no charset="UTF-8", so the encoding the server expects is unspecified ' +
        '(RFC 7617 §2.1). AuthLens uses UTF-8; a server that assumes ISO-8859-1 will read other ' +
        'characters.',
      reference: rfc(7617, '2.1'),
    });
  }

  // §2: the first colon separates user-id from password, so a user-id cannot contain one.
  const colon = user.indexOf(':');
  if (colon >= 0) {
    return refused(
      `The user-id contains ":", which Basic cannot carry: the server splits at the first colon, ` +
        `so it would read the user-id "${user.slice(0, colon)}" and take the rest as part of the ` +
        'password (RFC 7617 §2).',
    );
  }
  const userControl = controlAt(user);
  if (userControl >= 0) {
    return refused(
      `The user-id contains the control character ${codePointName(user, userControl)}; ` +
        'RFC 7617 §2 forbids control characters in the user-id and password.',
    );
  }
  const passControl = controlAt(pass);
  if (passControl >= 0) {
    return refused(
      `The password contains the control character ${codePointName(pass, passControl)}; ` +
        'RFC 7617 §2 forbids control characters in the user-id and password.',
    );
  }

  const userPass = `${user}:${pass}`;
  steps.push({
    id: 'user-pass',
    label: 'user-pass',
    value: userPass,
    detail: 'The user-id, a colon and the password: user-pass = user-id ":" password.',
    reference: rfc(7617, '2'),
  });

  const octets = utf8Encode(userPass);
  steps.push({
    id: 'octets',
    label: 'UTF-8 octets',
    value: spacedHex(octets),
    detail:
      `user-pass encoded as UTF-8: ${octets.length} octet${octets.length === 1 ? '' : 's'}, ` +
      'in hexadecimal. UTF-8 is the encoding charset="UTF-8" announces.',
    reference: rfc(7617, '2.1'),
  });

  const token68 = base64Encode(octets);
  steps.push({
    id: 'base64',
    label: 'base64',
    value: token68,
    detail:
      'The octets in base64 (RFC 4648 §4), sent as the token68. Base64 is an encoding, not ' +
      'encryption: anyone who sees the field can decode the password.',
    reference: rfc(7617, '2'),
  });

  const value = `Basic ${token68}`;
  const header = `${field}: ${value}`;
  steps.push({
    id: 'header',
    label: field,
    value: header,
    detail: 'The scheme name, a space and the token68.',
    reference: rfc(7617, '2'),
  });
  return { ok: true, field, value, header, steps, notes };
}
