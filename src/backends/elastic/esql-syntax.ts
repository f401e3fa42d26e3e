// ES|QL lexical rules: string literals, LIKE patterns, field identifiers, index patterns, time spans.
import type { WildcardPart } from '../../ir/matcher.js';

const STRING_ESCAPES: Record<string, string> = {
  '\\': '\\\\',
  '"': '\\"',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
};

/** Words an unquoted identifier segment must not be. */
const RESERVED = new Set(
  'and as asc by desc false first from in is last like limit not null nulls on or rlike true where with'.split(
    ' ',
  ),
);
const SEGMENT = /^(?:[A-Za-z][A-Za-z0-9_]*|[_@][A-Za-z0-9_]+)$/;
const PLAIN_INDEX = /^[A-Za-z0-9_.*:+-]+$/;

export function esqlString(text: string): string {
  return `"${text.replace(/[\\"\n\r\t]/g, (c) => STRING_ESCAPES[c]!)}"`;
}

/** A LIKE pattern: `*` and `?` are wildcards; a backslash makes `*`, `?` and itself literal. */
export function esqlLikePattern(parts: readonly WildcardPart[]): string {
  const pattern = parts
    .map((part) =>
      part.type === 'any' ? '*' : part.type === 'one' ? '?' : part.text.replace(/[*?\\]/g, (c) => `\\${c}`),
    )
    .join('');
  return esqlString(pattern);
}

/** A field name, in backquotes unless every dotted segment is a plain identifier. */
export function esqlField(field: string): string {
  const plain = field
    .split('.')
    .every((segment) => SEGMENT.test(segment) && !RESERVED.has(segment.toLowerCase()));
  return plain ? field : `\`${field.replace(/`/g, '``')}\``;
}

export function esqlIndexPattern(pattern: string): string {
  return PLAIN_INDEX.test(pattern) ? pattern : esqlString(pattern);
}

const SPAN_UNITS: [number, string][] = [
  [604_800_000, 'week'],
  [86_400_000, 'day'],
  [3_600_000, 'hour'],
  [60_000, 'minute'],
  [1000, 'second'],
  [1, 'millisecond'],
];

/** A time span literal such as `5 minutes`, in the largest unit that divides it exactly. */
export function esqlTimeSpan(ms: number): string {
  const [size, unit] = SPAN_UNITS.find(([size]) => ms % size === 0) ?? [1, 'millisecond'];
  const count = ms / size;
  return `${count} ${unit}${count === 1 ? '' : 's'}`;
}
