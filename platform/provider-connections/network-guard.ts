import { lookup as dnsLookup, type LookupAddress, type LookupAllOptions, type LookupOptions } from 'node:dns';
import { BlockList, isIP } from 'node:net';

/**
 * The SSRF guard of provider connections: a tenant chooses a base URL, and the
 * gateway connects there from inside our network, so an address that reaches
 * our own hosts (loopback, link-local cloud metadata, private and unique-local
 * ranges) is refused unless an operator allows it. Hostnames are checked by
 * what they resolve to, when a connection is created and again at every
 * connect (`lookup`), so a name that later resolves inward (DNS rebinding)
 * gets no socket.
 */
export interface NetworkGuardSettings {
  /** Private, loopback and link-local addresses are allowed (development, tests, an operator's own network). */
  allowPrivateNetworks: boolean;
  /** Hostnames, addresses and CIDR ranges allowed even when private (`vllm.internal`, `10.1.0.0/16`). */
  allowedHosts: readonly string[];
}

export class BaseUrlRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BaseUrlRefused';
  }
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

export interface NetworkGuard {
  /** Whether a connection to this address (IPv4 or IPv6, no brackets) may be made. */
  allowsAddress(address: string): boolean;
  /** Throws BaseUrlRefused when the URL is malformed or reaches, or resolves to, a refused address. */
  checkBaseUrl(baseUrl: string): Promise<void>;
  /** A `lookup` for net/tls.connect that fails instead of returning a refused address. */
  lookup: (hostname: string, options: LookupOptions, callback: LookupCallback) => void;
}

/** Ranges no tenant may reach by default (RFC 6890 special-purpose blocks that route inward or nowhere). */
const REFUSED_IPV4: Array<[string, number]> = [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
];
/**
 * IPv6 forms that embed an IPv4 address (compatible, NAT64, 6to4, and mapped:
 * see IPV4_MAPPED) are refused whole: a public provider is never reached by
 * them, and checking the embedded address instead is where guards have been bypassed.
 */
const REFUSED_IPV6: Array<[string, number]> = [
  ['::', 96],
  ['64:ff9b::', 96],
  ['64:ff9b:1::', 48],
  ['100::', 64],
  ['2001:db8::', 32],
  ['2002::', 16],
  ['fc00::', 7],
  ['fe80::', 10],
  ['fec0::', 10],
  ['ff00::', 8],
];

function refusedRanges(): BlockList {
  const list = new BlockList();
  for (const [network, prefix] of REFUSED_IPV4) list.addSubnet(network, prefix, 'ipv4');
  for (const [network, prefix] of REFUSED_IPV6) list.addSubnet(network, prefix, 'ipv6');
  list.addAddress('::1', 'ipv6');
  return list;
}

/**
 * ::ffff:0:0/96 in a list of its own, consulted for IPv6 addresses only:
 * node's BlockList matches IPv4 addresses against an IPv4-mapped IPv6 rule, so
 * in the main list it would refuse every IPv4 address. (It also matches mapped
 * addresses against IPv4 rules, which this makes moot.)
 */
function ipv4Mapped(): BlockList {
  const list = new BlockList();
  list.addSubnet('::ffff:0:0', 96, 'ipv6');
  return list;
}

function familyOf(address: string): 'ipv4' | 'ipv6' | null {
  const version = isIP(address);
  return version === 4 ? 'ipv4' : version === 6 ? 'ipv6' : null;
}

/** `[::1]` → `::1`: WHATWG URLs keep the brackets of an IPv6 host. */
function bareHost(hostname: string): string {
  return hostname.startsWith('[') && hostname.endsWith(']') ? hostname.slice(1, -1) : hostname;
}

export function createNetworkGuard(settings: NetworkGuardSettings): NetworkGuard {
  const refused = refusedRanges();
  const mapped = ipv4Mapped();
  const allowedNames = new Set<string>();
  const allowedNetworks = new BlockList();
  for (const entry of settings.allowedHosts) {
    const [network, prefix] = entry.split('/');
    const family = network ? familyOf(network) : null;
    if (network && family) {
      if (prefix === undefined) allowedNetworks.addAddress(network, family);
      else allowedNetworks.addSubnet(network, Number(prefix), family);
    } else allowedNames.add(entry.toLowerCase());
  }

  function allowsAddress(address: string): boolean {
    const family = familyOf(address);
    if (!family) return false;
    if (settings.allowPrivateNetworks || allowedNetworks.check(address, family)) return true;
    return !refused.check(address, family) && !(family === 'ipv6' && mapped.check(address, 'ipv6'));
  }

  function resolveAll(hostname: string): Promise<LookupAddress[]> {
    return new Promise((resolve, reject) => {
      dnsLookup(hostname, { all: true, verbatim: true } satisfies LookupAllOptions, (error, addresses) =>
        error ? reject(error) : resolve(addresses),
      );
    });
  }

  return {
    allowsAddress,
    async checkBaseUrl(baseUrl) {
      let url: URL;
      try {
        url = new URL(baseUrl);
      } catch {
        throw new BaseUrlRefused('the base URL is not a valid URL');
      }
      if (url.protocol !== 'https:' && url.protocol !== 'http:')
        throw new BaseUrlRefused('the base URL must be http:// or https://');
      if (url.username || url.password) throw new BaseUrlRefused('the base URL must not carry credentials');
      if (url.search || url.hash) throw new BaseUrlRefused('the base URL must not have a query or a fragment');
      const host = bareHost(url.hostname);
      if (allowedNames.has(host.toLowerCase())) return;
      if (familyOf(host)) {
        if (!allowsAddress(host)) throw new BaseUrlRefused(`the base URL's address ${host} is not reachable from here`);
        return;
      }
      let addresses: LookupAddress[];
      try {
        addresses = await resolveAll(host);
      } catch {
        throw new BaseUrlRefused(`the base URL's host ${host} does not resolve`);
      }
      const inward = addresses.find((a) => !allowsAddress(a.address));
      if (inward)
        throw new BaseUrlRefused(
          `the base URL's host ${host} resolves to ${inward.address}, which is not reachable from here`,
        );
    },
    lookup(hostname, options, callback) {
      const host = bareHost(hostname);
      resolveAll(host).then(
        (addresses) => {
          const allowedName = allowedNames.has(host.toLowerCase());
          const inward = allowedName ? undefined : addresses.find((a) => !allowsAddress(a.address));
          const usable = options.family ? addresses.filter((a) => a.family === options.family) : addresses;
          const first = usable[0];
          if (inward || !first) {
            const error: NodeJS.ErrnoException = new BaseUrlRefused(
              `${host} resolves to an address provider connections may not reach`,
            );
            error.code = 'EPROVIDERADDRESS';
            callback(error, '');
          } else if (options.all) callback(null, usable);
          else callback(null, first.address, first.family);
        },
        (error: NodeJS.ErrnoException) => callback(error, ''),
      );
    },
  };
}
