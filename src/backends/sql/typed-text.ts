// Numbers and timestamps read out of text columns: strict shape guards first, so odd text never errors a query.

import { UnsupportedConstruct } from '../target.js';
import type { SqlDialect } from './dialect.js';
import { sqlString } from './literal.js';

/**
 * Decimal number text as JavaScript's Number() reads it (sign, fraction, exponent up to three digits, Infinity),
 * padded with spaces at most; the pattern means the same in RE2 and PostgreSQL ARE.
 */
export const DECIMAL_TEXT = '^ *[+-]?(([0-9]+([.][0-9]*)?|[.][0-9]+)([eE][+-]?[0-9]{1,3})?|Infinity) *$';
/** Hexadecimal number text (`0x1F`), which Number() also reads. */
export const HEX_TEXT = '^ *0[xX][0-9A-Fa-f]{1,15} *$';

/** Date text the native engine reads the same way: ISO date, `T` time with optional zone, or a zone-less ` ` time (UTC). */
export const ISO_TIMESTAMP_TEXT =
  '^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])' +
  '(T([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9]([.][0-9]+)?)?([zZ]|[+-][0-9]{2}:?[0-9]{2})?' +
  '| ([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9]([.][0-9]+)?)?)?$';

function guardSearch(dialect: SqlDialect, subject: string, pattern: string, construct: string): string {
  if (!dialect.regex)
    throw new UnsupportedConstruct(construct, `${dialect.name} cannot test the shape of text values`);
  return dialect.regex.search(subject, sqlString(pattern), false);
}

/** The numeric value of a text column, NULL when the text is no number. */
export function numberOf(dialect: SqlDialect, subject: string): string {
  const numbers = dialect.numbers;
  if (!numbers) throw new UnsupportedConstruct('number', `${dialect.name} has no strict number test`);
  const decimal = guardSearch(dialect, subject, DECIMAL_TEXT, 'number');
  const hex = guardSearch(dialect, subject, HEX_TEXT, 'number');
  const trimmed = `trim(${subject})`;
  return `CASE WHEN ${decimal} THEN CAST(${trimmed} AS ${numbers.type}) WHEN ${hex} THEN ${numbers.fromHex(trimmed)} END`;
}

/** A finite number as an SQL numeric literal. */
export function numberLiteral(value: number): string {
  if (!Number.isFinite(value)) throw new UnsupportedConstruct('number', `${value} is not a finite number`);
  return String(value);
}

/** The instant held by a text column, NULL when it is not an ISO-8601 timestamp. */
export function timestampOf(dialect: SqlDialect, subject: string): string {
  if (!dialect.timestamp)
    throw new UnsupportedConstruct('timestamp', `${dialect.name} has no time zone aware type`);
  const guard = guardSearch(dialect, subject, ISO_TIMESTAMP_TEXT, 'timestamp');
  return `CASE WHEN ${guard} THEN ${dialect.timestamp(subject)} END`;
}

/** A rule's ISO-8601 date as a TIMESTAMPTZ literal; other date text, or an impossible date, is refused. */
export function timestampLiteral(dialect: SqlDialect, iso: string): string {
  if (!dialect.timestamp)
    throw new UnsupportedConstruct('timestamp', `${dialect.name} has no time zone aware type`);
  const [year, month, day] = iso.split(/[-T ]/).map(Number);
  const daysInMonth = new Date(Date.UTC(year!, month!, 0)).getUTCDate();
  if (!new RegExp(ISO_TIMESTAMP_TEXT).test(iso) || day! > daysInMonth) {
    throw new UnsupportedConstruct('timestamp', `${JSON.stringify(iso)} is not an ISO-8601 date`);
  }
  return `CAST(${sqlString(iso)} AS TIMESTAMPTZ)`;
}
