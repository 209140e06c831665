import { describe, expect, it } from 'vitest';
import { addressKind, guardedLookup, refusal, type AddressKind } from './address-guard.ts';
import { AddressRefused } from './probe.ts';

describe('addressKind', () => {
  it.each([
    ['93.184.215.14', 'public'],
    ['2606:2800:21f:cb07:6820:80da:af6b:8b2c', 'public'],
    ['127.0.0.1', 'loopback'],
    ['127.8.9.10', 'loopback'],
    ['::1', 'loopback'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['100.64.0.1', 'private'],
    ['fd12:3456::1', 'private'],
    ['::ffff:192.168.0.1', 'private'],
    ['169.254.169.254', 'link-local'],
    ['fe80::1', 'link-local'],
    ['0.0.0.0', 'never'],
    ['224.0.0.1', 'never'],
    ['255.255.255.255', 'never'],
    ['::', 'never'],
    ['64:ff9b::a00:1', 'never'],
    ['not an address', 'never'],
  ])('%s is %s', (address, kind) => {
    expect(addressKind(address)).toBe(kind);
  });
});

describe('refusal', () => {
  it('allows public addresses from anywhere, and a special kind only from the same kind', () => {
    const from = (checked: AddressKind) => (address: string) => refusal(address, checked);
    expect(from('public')('93.184.215.14')).toBeNull();
    expect(from('public')('127.0.0.1')).toMatch(
      /loopback address, and the checked URL is not on one/,
    );
    expect(from('loopback')('127.0.0.1')).toBeNull();
    expect(from('loopback')('10.0.0.1')).toMatch(/private address/);
    expect(from('private')('192.168.7.7')).toBeNull();
    expect(from('private')('169.254.169.254')).toMatch(/link-local/);
    expect(from('loopback')('0.0.0.0')).toMatch(/not an address to connect to/);
  });
});

describe('guardedLookup', () => {
  const lookup = (checked: AddressKind, all: boolean) =>
    new Promise<{ error: Error | null; result: unknown }>((resolve) =>
      guardedLookup(checked)('localhost', { all }, (error, address) =>
        resolve({ error, result: address }),
      ),
    );

  it('resolves a name and refuses it when an address is not allowed', async () => {
    const refused = await lookup('public', false);
    expect(refused.error).toBeInstanceOf(AddressRefused);
    expect(refused.error!.message).toMatch(/^localhost resolves to .* loopback address/);
  });

  it('hands back the checked addresses, one or all, when they are allowed', async () => {
    const one = await lookup('loopback', false);
    expect(one.error).toBeNull();
    expect(addressKind(one.result as string)).toBe('loopback');
    const all = await lookup('loopback', true);
    expect(all.error).toBeNull();
    expect((all.result as Array<{ address: string }>).map((a) => addressKind(a.address))).toContain(
      'loopback',
    );
  });
});
