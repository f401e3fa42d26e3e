// CIDR range tests of event values: plain dotted IPv4 addresses read as numbers, everything else through ipaddr.js.
import ipaddr from 'ipaddr.js';

const DOT = 0x2e;
const ZERO = 0x30;
const NINE = 0x39;

/**
 * The address of a text written as four decimal parts without leading zeros (how logs write IPv4), as an unsigned
 * number; -1 for anything else. ipaddr.js reads such texts the same way, at a twentieth of its cost (it validates,
 * then parses again); the other forms it accepts (octal, hexadecimal, fewer parts, IPv6) are left to it.
 */
export function plainIPv4(text: string): number {
  const length = text.length;
  if (length < 7 || length > 15) return -1;
  let address = 0;
  let part = 0;
  let digits = 0;
  let parts = 0;
  for (let i = 0; i <= length; i++) {
    const unit = i < length ? text.charCodeAt(i) : DOT;
    if (unit === DOT) {
      if (digits === 0 || part > 255 || parts === 4) return -1;
      address = address * 256 + part;
      parts++;
      part = 0;
      digits = 0;
    } else if (unit >= ZERO && unit <= NINE) {
      if (digits === 1 && part === 0) return -1; // a leading zero: ipaddr.js reads the part as octal
      part = part * 10 + (unit - ZERO);
      digits++;
    } else return -1;
  }
  return parts === 4 ? address : -1;
}

/** An IPv4 range as network and mask numbers. */
export interface IPv4Range {
  network: number;
  mask: number;
}

/** The range of an IPv4 network and prefix length as numbers. */
export function ipv4Range(network: ipaddr.IPv4, bits: number): IPv4Range {
  const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
  const [a, b, c, d] = network.octets;
  const number = ((a! << 24) | (b! << 16) | (c! << 8) | d!) >>> 0;
  return { network: (number & mask) >>> 0, mask };
}

/** Tests values against CIDR ranges (IPv4-mapped IPv6 addresses count as IPv4). */
export class CidrRanges {
  private readonly ranges: [ipaddr.IPv4 | ipaddr.IPv6, number][];
  private readonly ipv4: IPv4Range[] = [];

  constructor(cidrs: readonly string[]) {
    this.ranges = cidrs.map((cidr) => ipaddr.parseCIDR(cidr));
    for (const [network, bits] of this.ranges)
      if (network.kind() === 'ipv4') this.ipv4.push(ipv4Range(network as ipaddr.IPv4, bits));
  }

  /** Whether the value is an IP address in one of the ranges. */
  contain(value: unknown): boolean {
    if (typeof value !== 'string') return false;
    const plain = plainIPv4(value);
    if (plain >= 0) {
      for (const { network, mask } of this.ipv4) if ((plain & mask) >>> 0 === network) return true;
      return false;
    }
    if (!ipaddr.isValid(value)) return false;
    const address = ipaddr.parse(value); // once for all the ranges: parsing is most of the cost
    const mapped =
      address.kind() === 'ipv6' && (address as ipaddr.IPv6).isIPv4MappedAddress()
        ? (address as ipaddr.IPv6).toIPv4Address()
        : undefined;
    for (const range of this.ranges) {
      if (address.kind() === range[0].kind()) {
        if (address.match(range)) return true;
      } else if (mapped?.match(range)) return true;
    }
    return false;
  }
}
