// EQL lexical rules: string literals, field names, event categories, maxspan durations.

const STRING_ESCAPES: Record<string, string> = {
  '\\': '\\\\',
  '"': '\\"',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\b': '\\b',
  '\f': '\\f',
};

/** Words an unquoted field name segment or category must not be. */
const RESERVED = new Set(
  'and any by false in join like maxspan not null of or regex runs sample sequence true until where with'.split(
    ' ',
  ),
);
const NAME_SEGMENT = /^[A-Za-z_@][A-Za-z0-9_@]*$/;

export function eqlString(text: string): string {
  return `"${text.replace(/[\\"\n\r\t\b\f]/g, (c) => STRING_ESCAPES[c]!)}"`;
}

/** A field name, in backticks unless every dotted segment is a plain name. */
export function eqlField(field: string): string {
  return field.split('.').every(isPlainName) ? field : `\`${field.replace(/`/g, '``')}\``;
}

/** True when `word` can be written bare, as a field segment or an event category. */
export function isPlainName(word: string): boolean {
  return NAME_SEGMENT.test(word) && !RESERVED.has(word.toLowerCase());
}

const SPAN_UNITS: [number, string][] = [
  [86_400_000, 'd'],
  [3_600_000, 'h'],
  [60_000, 'm'],
  [1000, 's'],
  [1, 'ms'],
];

/** `maxspan` value in the largest unit that divides it exactly: 300000 → `5m`. */
export function eqlDuration(ms: number): string {
  const [size, unit] = SPAN_UNITS.find(([size]) => ms % size === 0) ?? [1, 'ms'];
  return `${ms / size}${unit}`;
}
