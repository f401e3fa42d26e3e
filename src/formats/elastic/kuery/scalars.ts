// Reads KQL value text as the numbers and dates Elasticsearch would parse it into.

const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
const CANONICAL_DECIMAL = /^-?\d+(?:\.\d+)?$/;
/** strict_date_optional_time: yyyy[-MM[-dd[THH[:mm[:ss[.fraction]]]]]][Z|±HH[:]mm]. */
const ISO_DATE =
  /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2})(?::(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?)?)?)?(Z|[+-]\d{2}(?::?\d{2})?)?$/;

export function parseNumber(text: string): number | undefined {
  if (!NUMBER.test(text)) return undefined;
  const value = Number(text);
  return Number.isFinite(value) ? value : undefined;
}

/** True for a decimal number written the way JavaScript prints it back (`8`, `-1.5`, not `08` or `1e3`). */
export function isCanonicalNumber(text: string): boolean {
  return CANONICAL_DECIMAL.test(text) && String(Number(text)) === text;
}

/** Elasticsearch date math (`now-1d`, `2024-01-01||+1M`), whose value depends on when the query runs. */
export function isDateMath(text: string): boolean {
  return text.startsWith('now') || text.includes('||');
}

export function isIsoDate(text: string): boolean {
  return ISO_DATE.test(text);
}

/**
 * The UTC ISO instant Elasticsearch makes of a date bound: an ISO date (UTC unless it has a zone) or epoch
 * milliseconds. Missing components are filled like Elasticsearch's range parser: with the start of the period,
 * or for `gt`/`lte` bounds (`roundUp`) with month 01, day 01, 23:59:59.999.
 */
export function parseDateBound(text: string, roundUp: boolean): string | undefined {
  const match = ISO_DATE.exec(text);
  if (!match) {
    if (!/^-?\d+$/.test(text)) return undefined;
    const millis = Number(text);
    return Number.isSafeInteger(millis) && Math.abs(millis) <= 8.64e15
      ? new Date(millis).toISOString()
      : undefined;
  }
  const [, year, month, day, hour, minute, second, fraction, zone] = match;
  const fill = (part: string | undefined, down: number, up: number) =>
    part === undefined ? (roundUp ? up : down) : Number(part);
  const millisOfFraction =
    fraction === undefined ? (roundUp ? 999 : 0) : Math.floor(Number(`0.${fraction}`) * 1000);
  const y = Number(year);
  const mo = fill(month, 1, 1);
  const d = fill(day, 1, 1);
  const h = fill(hour, 0, 23);
  const mi = fill(minute, 0, 59);
  const sec = fill(second, 0, 59);
  if (h > 23 || mi > 59 || sec > 59) return undefined;
  const date = new Date(0);
  date.setUTCFullYear(y, mo - 1, d);
  date.setUTCHours(h, mi, sec, millisOfFraction);
  if (date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return undefined;
  return new Date(date.getTime() - zoneOffsetMillis(zone)).toISOString();
}

function zoneOffsetMillis(zone: string | undefined): number {
  if (zone === undefined || zone === 'Z') return 0;
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || '0')) * 60_000;
}
