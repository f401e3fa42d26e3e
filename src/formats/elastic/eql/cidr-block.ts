// CIDR arguments of cidrMatch(): dotted-quad IPv4 or IPv6 blocks; a bare address is its own /32 or /128 block.
import ipaddr from 'ipaddr.js';

/** `text` as a CIDR block, or undefined when it is neither a block nor an address. */
export function cidrBlock(text: string): string | undefined {
  if (ipaddr.IPv4.isValidCIDRFourPartDecimal(text) || ipaddr.IPv6.isValidCIDR(text)) return text;
  if (ipaddr.IPv4.isValidFourPartDecimal(text)) return `${text}/32`;
  if (ipaddr.IPv6.isValid(text)) return `${text}/128`;
  return undefined;
}
