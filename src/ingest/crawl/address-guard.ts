// SSRF guard: the crawler may only connect to public addresses, checked after DNS resolution and on every
// redirect hop, unless the user allows private ones (--allow-private, for intranets and tests).
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { BlockList, isIP, type LookupFunction } from 'node:net';

/** Loopback, private, link-local, CGNAT, multicast and reserved ranges, v4 and v6 (RFC 6890). */
const BLOCKED = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12],
  ['192.0.0.0', 24], ['192.0.2.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15], ['198.51.100.0', 24], ['203.0.113.0', 24],
  ['224.0.0.0', 4], ['240.0.0.0', 4],
] as const)
  BLOCKED.addSubnet(network, prefix, 'ipv4');
for (const [network, prefix] of [['::', 128], ['::1', 128], ['fc00::', 7], ['fe80::', 10], ['ff00::', 8], ['2001:db8::', 32], ['64:ff9b::', 96]] as const)
  BLOCKED.addSubnet(network, prefix, 'ipv6');

/** Decides whether the crawler may connect to an address. */
export type AddressPolicy = (address: string) => boolean;

/** `'10.1.2.3'` → true; `'::ffff:127.0.0.1'` → true (IPv4-mapped addresses are checked as IPv4). */
export function isBlockedAddress(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  if (mapped !== undefined) return BLOCKED.check(mapped, 'ipv4');
  const family = isIP(address);
  if (family === 4) return BLOCKED.check(address, 'ipv4');
  if (family === 6) return BLOCKED.check(address, 'ipv6');
  return true;
}

export const PUBLIC_ONLY: AddressPolicy = (address) => !isBlockedAddress(address);
export const ANY_ADDRESS: AddressPolicy = () => true;

/** The error a refused connection fails with; the crawler reports it as `blocked_address`. */
export class BlockedAddressError extends Error {
  constructor(readonly host: string, readonly address: string) {
    super(`${host === address ? host : `${host} resolves to ${address}, which`} is a private, loopback or link-local address; pass --allow-private to crawl it`);
    this.name = 'BlockedAddressError';
  }
}

/**
 * A `lookup` for http.request that resolves, then refuses if any address fails the policy. The socket
 * connects to the address checked here, so a second DNS answer (rebinding) cannot swap it afterwards.
 */
export function guardedLookup(policy: AddressPolicy): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
      if (error) return callback(error, '', 4);
      const refused = addresses.find((entry) => !policy(entry.address));
      if (refused !== undefined) return callback(new BlockedAddressError(hostname, refused.address), '', 4);
      if (options.all) return callback(null, addresses as never, 4);
      const first = addresses[0];
      if (first === undefined) return callback(Object.assign(new Error(`${hostname} has no address`), { code: 'ENOTFOUND' }), '', 4);
      callback(null, first.address, first.family);
    });
  };
}

/** A literal IP in a URL never goes through DNS, so it is checked here before connecting. */
export function checkLiteralHost(hostname: string, policy: AddressPolicy): void {
  const bare = hostname.replace(/^\[|\]$/g, '');
  if (isIP(bare) !== 0 && !policy(bare)) throw new BlockedAddressError(hostname, bare);
}
