// Renders cidr matchers: PostgreSQL inet containment, or IPv4 range arithmetic on the dotted-decimal parts.
import ipaddr from 'ipaddr.js';
import { UnsupportedConstruct } from '../target.js';
import type { SqlDialect } from './dialect.js';
import { sqlString } from './literal.js';

const OCTET = '(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])';
const IPV4 = `${OCTET}([.]${OCTET}){3}`;
/** Dotted-decimal IPv4 text without leading zeros. */
const IPV4_TEXT = `^${IPV4}$`;

const HEXTET = '[0-9A-Fa-f]{1,4}';

/** `count` hextets joined by colons ('' for none). */
function hextets(count: number): string {
  if (count === 0) return '';
  return count === 1 ? HEXTET : `${HEXTET}(:${HEXTET}){${count - 1}}`;
}

/** Between 0 and `most` hextets joined by colons, as an optional group. */
function upToHextets(most: number): string {
  if (most === 0) return '';
  return most === 1 ? `(${HEXTET})?` : `(${HEXTET}(:${HEXTET}){0,${most - 1}})?`;
}

/** IPv6 text in any standard form (compressed `::`, embedded IPv4 tail), without zone or prefix length. */
function ipv6Text(): string {
  const forms = [hextets(8), `${hextets(6)}:${IPV4}`];
  for (let head = 0; head <= 7; head++) {
    forms.push(`${hextets(head)}::${upToHextets(7 - head)}`);
    if (head <= 5) forms.push(`${hextets(head)}::(${HEXTET}:){0,${5 - head}}${IPV4}`);
  }
  return `^(${forms.join('|')})$`;
}
const IPV6_TEXT = ipv6Text();

/** A network's address range: family and the canonical `network/prefix` text. */
function parseNetwork(cidr: string): {
  family: 'ipv4' | 'ipv6';
  network: string;
  prefix: number;
  bytes: number[];
} {
  let parsed: [ipaddr.IPv4 | ipaddr.IPv6, number];
  try {
    parsed = ipaddr.parseCIDR(cidr);
  } catch {
    throw new UnsupportedConstruct('cidr', `${JSON.stringify(cidr)} is not a CIDR network`);
  }
  const [address, prefix] = parsed;
  const bytes = address.toByteArray();
  const bits = bytes.length * 8;
  const network = bytes.map((byte, i) => {
    const keep = Math.max(0, Math.min(8, prefix - i * 8));
    return byte & ((0xff << (8 - keep)) & 0xff);
  });
  const text = ipaddr.fromByteArray(network).toString();
  return { family: bits === 32 ? 'ipv4' : 'ipv6', network: text, prefix, bytes: network };
}

/** IPv4-mapped IPv6 text (`::ffff:10.1.2.3`), which the native engine reads as the IPv4 address. */
const MAPPED_IPV4_TEXT = `^::[fF]{4}:${IPV4}$`;
const MAPPED_PREFIX_LENGTH = '::ffff:'.length;

/** Range test of dotted-decimal text by arithmetic on its four parts. */
function ipv4Between(
  octet: (subject: string, index: number) => string,
  subject: string,
  bytes: number[],
  prefix: number,
): string {
  const value = [1, 2, 3, 4]
    .map((index) =>
      index === 4 ? octet(subject, index) : `${octet(subject, index)} * ${256 ** (4 - index)}`,
    )
    .join(' + ');
  const low = bytes.reduce((sum, byte) => sum * 256 + byte, 0);
  const high = low + 2 ** (32 - prefix) - 1;
  return `${value} BETWEEN ${low} AND ${high}`;
}

/**
 * SQL testing that the text column `subject` holds an address inside `cidr` (IPv4-mapped IPv6 text counting as
 * its IPv4 address); NULL for text that is no address.
 */
export function cidrPredicate(dialect: SqlDialect, subject: string, cidr: string): string {
  const { family, network, prefix, bytes } = parseNetwork(cidr);
  if (!dialect.cidr || !dialect.regex) {
    throw new UnsupportedConstruct('cidr', `${dialect.name} has no way to parse IP addresses in text`);
  }
  const search = (pattern: string) => dialect.regex!.search(subject, sqlString(pattern), false);
  if (dialect.cidr.kind === 'inet') {
    const inNetwork = (net: string) => `CAST(${subject} AS INET) <<= CAST(${sqlString(net)} AS INET)`;
    if (family === 'ipv6')
      return `CASE WHEN ${search(IPV6_TEXT)} THEN ${inNetwork(`${network}/${prefix}`)} END`;
    return (
      `CASE WHEN ${search(IPV4_TEXT)} THEN ${inNetwork(`${network}/${prefix}`)}` +
      ` WHEN ${search(IPV6_TEXT)} THEN ${inNetwork(`::ffff:${network}/${96 + prefix}`)} END`
    );
  }
  if (family === 'ipv6')
    throw new UnsupportedConstruct('cidr', `${dialect.name} cannot compare IPv6 addresses in text`);
  const { octet } = dialect.cidr;
  const mapped = `substr(${subject}, ${MAPPED_PREFIX_LENGTH + 1})`;
  return (
    `CASE WHEN ${search(IPV4_TEXT)} THEN ${ipv4Between(octet, subject, bytes, prefix)}` +
    ` WHEN ${search(MAPPED_IPV4_TEXT)} THEN ${ipv4Between(octet, mapped, bytes, prefix)} END`
  );
}
