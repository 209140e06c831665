// Which addresses discovery may connect to. A metadata document names URLs chosen by the server,
// so following them could reach this machine or its network (issue 10 item 7). Every address a
// host name resolves to is checked before connecting, and the connection uses those checked
// addresses, so a name cannot resolve to one address for the check and another for the request.
// The rule: public addresses always; loopback, private-network and link-local ones only when the
// checked URL itself answered from that kind of address; unspecified, multicast and reserved ones
// never. Node only.
import dns from 'node:dns';
import net, { BlockList, type LookupFunction } from 'node:net';
import { AddressRefused } from './probe.ts';

export type AddressKind = 'public' | 'loopback' | 'private' | 'link-local' | 'never';

function blocks(ipv4: string[], ipv6: string[]): BlockList {
  const list = new BlockList();
  for (const cidr of ipv4) {
    const [net4, bits] = cidr.split('/');
    list.addSubnet(net4!, Number(bits), 'ipv4');
  }
  for (const cidr of ipv6) {
    const [net6, bits] = cidr.split('/');
    list.addSubnet(net6!, Number(bits), 'ipv6');
  }
  return list;
}

// BlockList matches IPv4-mapped IPv6 addresses (::ffff:a.b.c.d) against the IPv4 subnets too.
const kinds: Array<[Exclude<AddressKind, 'public'>, BlockList]> = [
  ['loopback', blocks(['127.0.0.0/8'], ['::1/128'])],
  // RFC 1918, carrier-grade NAT (RFC 6598), unique local IPv6 (RFC 4193).
  [
    'private',
    blocks(['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10'], ['fc00::/7']),
  ],
  // Cloud instance metadata lives here (169.254.169.254).
  ['link-local', blocks(['169.254.0.0/16'], ['fe80::/10'])],
  // Unspecified, "this network", multicast, reserved and broadcast; NAT64 and 6to4, which can wrap
  // any IPv4 address, including the ones above.
  [
    'never',
    blocks(
      ['0.0.0.0/8', '224.0.0.0/4', '240.0.0.0/4'],
      ['::/128', 'ff00::/8', '64:ff9b::/96', '2002::/16'],
    ),
  ],
];

export function addressKind(address: string): AddressKind {
  const family = net.isIP(address);
  if (family === 0) return 'never';
  const type = family === 4 ? 'ipv4' : 'ipv6';
  for (const [kind, list] of kinds) if (list.check(address, type)) return kind;
  return 'public';
}

/** Why an address may not be reached from a chain that started at `checked`, or null. */
export function refusal(address: string, checked: AddressKind): string | null {
  const kind = addressKind(address);
  if (kind === 'public') return null;
  if (kind === 'never') return `${address} is not an address to connect to`;
  if (kind === checked) return null;
  return `${address} is a ${kind} address, and the checked URL is not on one (discovery reaches a ${kind} address only when the checked URL does)`;
}

/** A resolver for http.request that refuses the whole name when any of its addresses is refused. */
export function guardedLookup(checked: AddressKind): LookupFunction {
  return (hostname, options, callback) => {
    dns.lookup(hostname, { all: true, family: options.family ?? 0 }, (error, addresses) => {
      if (error) return callback(error, '', 0);
      for (const { address } of addresses) {
        const why = refusal(address, checked);
        if (why) return callback(new AddressRefused(`${hostname} resolves to ${why}`), '', 0);
      }
      if (options.all) {
        (callback as unknown as (e: null, all: dns.LookupAddress[]) => void)(null, addresses);
      } else {
        const first = addresses[0];
        if (!first) return callback(new Error(`${hostname} has no address`), '', 0);
        callback(null, first.address, first.family);
      }
    });
  };
}
