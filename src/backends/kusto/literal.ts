// Kusto literals: strings (escaped, or verbatim `@"…"` when that reads better), numbers and datetimes.
import { UnsupportedConstruct } from '../target.js';

/** Characters a verbatim string cannot hold readably: controls, line separators, unpaired surrogates. */
const NEEDS_ESCAPE =
  /[\u0000-\u001f\u007f\u2028\u2029]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const ESCAPED = new RegExp(`["'\\\\]|${NEEDS_ESCAPE.source}`, 'g');
const SHORT_ESCAPES: Record<string, string> = { '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** A quoted literal escaping the quote, `\\`, `\n`, `\r`, `\t` and, as `\uXXXX`, other control characters. */
export function quotedString(text: string, quote: '"' | "'"): string {
  const body = text.replace(ESCAPED, (ch) => {
    if (ch === '"' || ch === "'") return ch === quote ? `\\${ch}` : ch;
    return SHORT_ESCAPES[ch] ?? `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`;
  });
  return `${quote}${body}${quote}`;
}

/**
 * A string literal with exactly the given value. Text with backslashes (Windows paths, regexes) becomes a
 * verbatim string, where only `"` is doubled; anything else, or text with control characters, a
 * double-quoted string with escapes.
 */
export function kustoString(text: string): string {
  if (text.includes('\\') && !NEEDS_ESCAPE.test(text)) return `@"${text.replaceAll('"', '""')}"`;
  return quotedString(text, '"');
}

/** A number literal: integers as `long`, anything else in JavaScript's shortest round-trip form as `real`. */
export function kustoNumber(value: number): string {
  if (!Number.isFinite(value)) throw new UnsupportedConstruct('number', `${value} has no Kusto literal`);
  if (Number.isSafeInteger(value)) return String(value);
  const text = String(value);
  return /[.e]/.test(text) ? text : `${text}.0`;
}

/** A datetime literal for an epoch time in milliseconds, in UTC. */
export function kustoDatetime(epochMs: number): string {
  const date = new Date(epochMs);
  const year = date.getUTCFullYear();
  if (Number.isNaN(epochMs) || year < 1 || year > 9999)
    throw new UnsupportedConstruct('date', `${epochMs} is outside Kusto's datetime range`);
  return `datetime(${date.toISOString()})`;
}
