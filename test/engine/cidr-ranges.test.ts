// CIDR range tests read plain IPv4 texts themselves and agree with ipaddr.js on every text, plain or not.
import ipaddr from 'ipaddr.js';
import { describe, expect, it } from 'vitest';
import { Prng } from '../../bench/prng.js';
import { CidrRanges, plainIPv4 } from '../../src/engine/cidr-ranges.js';

/** What ipaddr.js says, as the matcher said before it read plain IPv4 texts itself. */
function byIpaddr(cidrs: readonly string[], value: string): boolean {
  if (!ipaddr.isValid(value)) return false;
  let address = ipaddr.parse(value);
  return cidrs.some((cidr) => {
    const range = ipaddr.parseCIDR(cidr);
    if (
      address.kind() === 'ipv6' &&
      range[0].kind() === 'ipv4' &&
      (address as ipaddr.IPv6).isIPv4MappedAddress()
    )
      address = (address as ipaddr.IPv6).toIPv4Address();
    return address.kind() === range[0].kind() && address.match(range);
  });
}

const CIDRS = [
  '10.0.0.0/8',
  '127.0.0.0/8',
  '169.254.0.0/16',
  '172.16.0.0/12',
  '192.0.0.0/29',
  '192.0.0.8/32',
  '0.0.0.0/32',
  '224.0.0.0/4',
  '::1/128',
  'fe80::/10',
  'ff00::/8',
];

function text(rng: Prng): string {
  const octet = () =>
    String(rng.pick([0, 1, 8, 10, 127, 169, 172, 192, 224, 254, 255, 256, rng.int(0, 300)]));
  const r = rng.float();
  if (r < 0.5) return [octet(), octet(), octet(), octet()].join('.');
  if (r < 0.6) return `0${octet()}.1.2.3`; // octal to ipaddr.js
  if (r < 0.65) return `0x${rng.int(0, 255).toString(16)}.0.0.1`;
  if (r < 0.7) return [octet(), octet(), octet()].join('.');
  if (r < 0.75) return `::ffff:${[octet(), octet(), octet(), octet()].join('.')}`;
  if (r < 0.8) return rng.pick(['::1', 'fe80::1', 'ff02::1', '2001:db8::1', '::']);
  if (r < 0.85)
    return `${[octet(), octet(), octet(), octet()].join('.')}${rng.pick([' ', '.', '.1', '/8', 'x'])}`;
  return rng.pick(['', '1.2.3.', '.1.2.3', '1..2.3', '1.2.3.4.5', 'localhost', '4294967295', '1.2.3.-4']);
}

describe('CidrRanges', () => {
  it('reads plain dotted IPv4 texts as ipaddr.js does, and nothing else', () => {
    expect(plainIPv4('10.1.2.3')).toBe(0x0a010203);
    expect(plainIPv4('255.255.255.255')).toBe(0xffffffff);
    expect(plainIPv4('0.0.0.0')).toBe(0);
    for (const other of [
      '010.1.2.3',
      '1.2.3',
      '1.2.3.4.5',
      '256.1.1.1',
      ' 1.2.3.4',
      '1.2.3.4 ',
      '::1',
      '1.2.3.a',
    ])
      expect(plainIPv4(other), other).toBe(-1);
  });

  it('agrees with ipaddr.js on random texts and ranges', () => {
    const rng = new Prng(5);
    let inside = 0;
    for (let round = 0; round < 200; round++) {
      const cidrs = CIDRS.filter(() => rng.chance(0.4));
      const ranges = new CidrRanges(cidrs);
      for (let n = 0; n < 50; n++) {
        const value = text(rng);
        const expected = byIpaddr(cidrs, value);
        expect(ranges.contain(value), `${value} in ${cidrs.join(', ')}`).toBe(expected);
        if (expected) inside++;
      }
    }
    expect(inside).toBeGreaterThan(500);
    expect(new CidrRanges(['10.0.0.0/8']).contain(167772161)).toBe(false); // a number is not an address
  });
});
