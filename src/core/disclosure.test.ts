import { describe, expect, it } from 'vitest';
import { ntlmDisclosure, realmDisclosure } from './disclosure.ts';
import { ntlmChallengeToken } from './fixtures/diagnostics.ts';
import { ntlmServerNames } from './ntlm.ts';

describe('realmDisclosure', () => {
  it('finds internal hosts, addresses and server products', () => {
    expect(realmDisclosure('Tomcat 9 on build01.corp.')).toBe(
      'the product Tomcat, the internal host build01.corp',
    );
    expect(realmDisclosure('login at 10.2.3.4')).toBe('the address 10.2.3.4');
    expect(realmDisclosure('nginx/1.25')).toBe('the product nginx');
  });

  it('leaves ordinary realms alone', () => {
    for (const realm of [
      'Staging API',
      'api',
      'lab',
      'example.com',
      '1.2.3',
      'Login to "apps"',
      '',
    ]) {
      expect(realmDisclosure(realm)).toBeNull();
    }
  });

  it('stays linear on a hostile realm', () => {
    expect(realmDisclosure(`a${'.'.repeat(200_000)}b`)).toBeNull();
  });
});

describe('NTLM challenge messages', () => {
  it('reads the names a type 2 message carries', () => {
    expect(ntlmServerNames(ntlmChallengeToken())).toEqual({
      targetName: 'CORP',
      netbiosDomain: 'CORP',
      netbiosComputer: 'SRV01',
      dnsDomain: 'corp.example.com',
      dnsComputer: 'srv01.corp.example.com',
      dnsTree: null,
    });
    expect(ntlmDisclosure(ntlmChallengeToken())).toBe(
      'computer srv01.corp.example.com, NetBIOS name SRV01, DNS domain corp.example.com, domain CORP',
    );
  });

  it('ignores anything that is not a well-formed type 2 message', () => {
    const type2 = ntlmChallengeToken();
    for (const token of [
      '',
      'abc',
      'TlRMTVNTUAABAAAAB4IIogAAAAAAAAAAAAAAAAAAAAAKAO5CAAAADw==',
      type2.slice(0, 40),
      '!!!!',
    ]) {
      expect(ntlmServerNames(token)?.netbiosComputer ?? null).toBeNull();
    }
  });
});
