import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { BlockList, isIP, type LookupFunction } from 'node:net';

// docs/decisions/0032-webhook-destinations.md: a webhook goes to a public address unless the operator
// allows private ones. The check is made on the addresses the connection is opened to (the lookup that
// resolves the URL's host is ours, and the socket connects to what it answers), so a name that resolves
// to a public address when the subscription is made and to a private one at delivery gets nowhere.

/** Ranges no webhook goes to by default: this host, private networks, link-local (cloud metadata), and
 * addresses that are not unicast destinations on the internet. */
function nonPublicRanges(): BlockList {
  const list = new BlockList();
  for (const [network, prefix] of [
    ['0.0.0.0', 8], // "this network"
    ['10.0.0.0', 8],
    ['100.64.0.0', 10], // carrier-grade NAT
    ['127.0.0.0', 8], // loopback
    ['169.254.0.0', 16], // link-local, where cloud metadata services answer (169.254.169.254)
    ['172.16.0.0', 12],
    ['192.0.0.0', 24],
    ['192.0.2.0', 24],
    ['192.168.0.0', 16],
    ['198.18.0.0', 15],
    ['198.51.100.0', 24],
    ['203.0.113.0', 24],
    ['224.0.0.0', 4], // multicast
    ['240.0.0.0', 4], // reserved, and the broadcast address
  ] as const)
    list.addSubnet(network, prefix, 'ipv4');
  for (const [network, prefix] of [
    ['::', 128],
    ['::1', 128], // loopback
    ['64:ff9b::', 96], // NAT64: reaches IPv4 addresses, private ones too
    ['100::', 64], // discard
    ['2001:db8::', 32], // documentation
    ['fc00::', 7], // unique local (fd00:ec2::254 is a metadata service)
    ['fe80::', 10], // link-local
    ['fec0::', 10], // site-local
    ['ff00::', 8], // multicast
  ] as const)
    list.addSubnet(network, prefix, 'ipv6');
  return list;
}

/** Why `address` is not a public unicast address, or undefined when it is. */
export function nonPublicReason(address: string, ranges: BlockList): string | undefined {
  const family = isIP(address);
  if (family === 0) return `${address} is not an IP address`;
  // BlockList judges an IPv4 address written as IPv6 (::ffff:7f00:1) as the IPv4 address it is.
  if (ranges.check(address, family === 4 ? 'ipv4' : 'ipv6')) return `${address} is not a public address`;
  return undefined;
}

/** Where webhooks may go: anywhere, or public addresses only. */
export interface DestinationGuard {
  /** Why a URL's host, when it is an IP address, may not be connected to; undefined when it may. */
  refusesHost(hostname: string): string | undefined;
  /** The lookup a connection resolves its host with: it answers only addresses that may be connected to. */
  readonly lookup: LookupFunction | undefined;
}

export class DestinationRefusedError extends Error {
  override name = 'DestinationRefusedError';
  readonly code = 'EDESTINATIONREFUSED';
}

/** The guard of docs/decisions/0032-webhook-destinations.md; `allowPrivate` turns it off. */
export function destinationGuard({ allowPrivate }: { allowPrivate: boolean }): DestinationGuard {
  if (allowPrivate) return { refusesHost: () => undefined, lookup: undefined };
  const ranges = nonPublicRanges();
  const refusal = (reason: string) =>
    new DestinationRefusedError(`${reason}; webhooks go to public addresses unless LEDGER_WEBHOOK_ALLOW_PRIVATE=true`);
  const lookup: LookupFunction = (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, found: LookupAddress[]) => {
      if (error) return callback(error, '', 0);
      const allowed = found.filter(({ address }) => nonPublicReason(address, ranges) === undefined);
      if (allowed.length === 0) {
        return callback(refusal(`${hostname} resolves to ${found[0]?.address}, not a public address`), '', 0);
      }
      if (options.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, allowed);
      callback(null, allowed[0]!.address, allowed[0]!.family);
    });
  };
  return {
    refusesHost(hostname) {
      const bare = hostname.replace(/^\[|\]$/g, '');
      if (isIP(bare) === 0) return undefined;
      const reason = nonPublicReason(bare, ranges);
      return reason === undefined ? undefined : refusal(reason).message;
    },
    lookup,
  };
}
