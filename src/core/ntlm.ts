// What an NTLM CHALLENGE_MESSAGE (type 2, MS-NLMP §2.2.1.2) says about the server that sent it:
// its NetBIOS and DNS domain and computer names, readable by anyone who sees the 401. Pure; never
// throws; reads only inside the message's bounds.
import { base64Decode } from './hash/base64.ts';

export interface NtlmServerNames {
  targetName: string | null;
  netbiosDomain: string | null;
  netbiosComputer: string | null;
  dnsDomain: string | null;
  dnsComputer: string | null;
  dnsTree: string | null;
}

const SIGNATURE = 'NTLMSSP\0';
/** AV_PAIR ids (MS-NLMP §2.2.2.1) that name the server or its domain. */
const AV_NAMES: Record<number, keyof NtlmServerNames> = {
  1: 'netbiosComputer',
  2: 'netbiosDomain',
  3: 'dnsComputer',
  4: 'dnsDomain',
  5: 'dnsTree',
};

/** The names in a base64 NTLM type 2 message (the token68 of an NTLM or Negotiate challenge). */
export function ntlmServerNames(token68: string): NtlmServerNames | null {
  const bytes = base64Decode(token68);
  if (!bytes || bytes.length < 48) return null;
  for (let i = 0; i < SIGNATURE.length; i++) if (bytes[i] !== SIGNATURE.charCodeAt(i)) return null;
  const u16 = (at: number) => bytes[at]! | (bytes[at + 1]! << 8);
  const u32 = (at: number) => (u16(at) | (u16(at + 2) << 16)) >>> 0;
  if (u32(8) !== 2) return null;
  const unicode = (u32(20) & 0x1) !== 0; // NTLMSSP_NEGOTIATE_UNICODE
  const text = (offset: number, length: number, utf16 = unicode): string | null => {
    if (length === 0 || offset + length > bytes.length) return null;
    let out = '';
    if (utf16) for (let i = 0; i + 1 < length; i += 2) out += String.fromCharCode(u16(offset + i));
    else for (let i = 0; i < length; i++) out += String.fromCharCode(bytes[offset + i]!);
    return out;
  };
  const names: NtlmServerNames = {
    targetName: text(u32(16), u16(12)),
    netbiosDomain: null,
    netbiosComputer: null,
    dnsDomain: null,
    dnsComputer: null,
    dnsTree: null,
  };
  const infoLength = u16(40);
  const infoOffset = u32(44);
  const infoEnd = Math.min(infoOffset + infoLength, bytes.length);
  for (let at = infoOffset; at + 4 <= infoEnd;) {
    const id = u16(at);
    const length = u16(at + 2);
    if (id === 0) break; // MsvAvEOL
    const field = AV_NAMES[id];
    // AV_PAIR values are always UTF-16LE, whatever the negotiated flags say.
    if (field && at + 4 + length <= infoEnd) names[field] = text(at + 4, length, true);
    at += 4 + length;
  }
  return names;
}
