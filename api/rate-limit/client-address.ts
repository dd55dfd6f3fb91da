import { isIPv6 } from 'node:net';

/**
 * The address a limit counts against. An IPv6 host usually holds a whole /64,
 * so counting per address would let it rotate through 2^64 of them: IPv6 is
 * counted per /64 prefix. IPv4-mapped IPv6 (`::ffff:192.0.2.1`) is the IPv4 address.
 */
export function rateLimitAddress(ip: string): string {
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(ip);
  if (mapped?.[1]) return mapped[1];
  if (!isIPv6(ip)) return ip;
  return `${expandIPv6(ip).slice(0, 4).join(':')}::/64`;
}

/** Eight groups of four hex digits (an embedded IPv4 tail becomes two groups). */
function expandIPv6(ip: string): string[] {
  let address = ip.split('%')[0] ?? ip;
  const v4 = /(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(address);
  if (v4) {
    const [a, b, c, d] = v4.slice(1).map(Number) as [number, number, number, number];
    address = `${address.slice(0, v4.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', tail] = address.split('::');
  const headGroups = head ? head.split(':') : [];
  const tailGroups = tail ? tail.split(':') : [];
  const missing = tail === undefined ? 0 : 8 - headGroups.length - tailGroups.length;
  return [...headGroups, ...Array<string>(missing).fill('0'), ...tailGroups].map((group) =>
    group.toLowerCase().padStart(4, '0'),
  );
}
