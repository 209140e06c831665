// What a challenge gives away about the infrastructure behind it: internal host names, addresses
// or server products in a realm, and the domain and computer names an NTLM challenge carries.
// Information for the engineer who deploys, not an error. Pure; linear (the only regular
// expressions test one character class).
import { ntlmServerNames } from './ntlm.ts';

const INTERNAL_SUFFIXES = [
  '.local',
  '.internal',
  '.corp',
  '.lan',
  '.intranet',
  '.localdomain',
  '.home.arpa',
];
const PRODUCTS = new Set([
  'apache',
  'nginx',
  'iis',
  'tomcat',
  'jetty',
  'jboss',
  'wildfly',
  'weblogic',
  'websphere',
  'glassfish',
  'jenkins',
  'grafana',
  'kibana',
  'rabbitmq',
  'sonarqube',
  'gitlab',
  'nexus',
  'artifactory',
  'traefik',
  'keycloak',
  'openresty',
  'lighttpd',
  'haproxy',
]);

function isIPv4(word: string): boolean {
  const parts = word.split('.');
  return (
    parts.length === 4 &&
    parts.every(
      (p) =>
        p.length > 0 &&
        p.length <= 3 &&
        [...p].every((c) => c >= '0' && c <= '9') &&
        Number(p) <= 255,
    )
  );
}

/** What in a realm names infrastructure, or null when nothing does. */
export function realmDisclosure(realm: string): string | null {
  const found: string[] = [];
  // Words are runs of letters, digits, ".", "-" and "_": host names and product names alike.
  let word = '';
  const flush = () => {
    let end = word.length;
    while (end > 0 && word.charCodeAt(end - 1) === 0x2e) end--; // a sentence's full stop
    const lower = word.slice(0, end).toLowerCase();
    if (lower !== '') {
      if (isIPv4(lower)) found.push(`the address ${lower}`);
      else if (INTERNAL_SUFFIXES.some((s) => lower.endsWith(s) && lower.length > s.length)) {
        found.push(`the internal host ${lower}`);
      } else if (PRODUCTS.has(lower.split(/[-_/]/)[0]!)) found.push(`the product ${word}`);
    }
    word = '';
  };
  for (const ch of realm) {
    if (/[\p{L}\p{N}._-]/u.test(ch)) word += ch;
    else flush();
  }
  flush();
  return found.length === 0 ? null : found.join(', ');
}

/** A sentence naming the server and domain an NTLM type 2 token reveals, or null. */
export function ntlmDisclosure(token68: string): string | null {
  const names = ntlmServerNames(token68);
  if (!names) return null;
  const parts = [
    names.dnsComputer && `computer ${names.dnsComputer}`,
    names.netbiosComputer && `NetBIOS name ${names.netbiosComputer}`,
    names.dnsDomain && `DNS domain ${names.dnsDomain}`,
    names.netbiosDomain && `domain ${names.netbiosDomain}`,
  ].filter(Boolean);
  return parts.length === 0 ? null : parts.join(', ');
}
