// Turns a KQL value (literal text and `*` wildcards) into the simplest whole-value string or wildcard matcher.
import type { Matcher, WildcardPart } from '../../../ir/matcher.js';

/** Equals, startswith, endswith or contains when the `*` placement allows it, else a wildcard pattern. */
export function wholeValueMatcher(parts: WildcardPart[], caseSensitive: boolean): Matcher {
  const shape = parts.map((part) => (part.type === 'literal' ? 'L' : '*')).join('');
  const texts = parts.flatMap((part) => (part.type === 'literal' ? [part.text] : []));
  const value = texts[0] ?? '';
  switch (shape) {
    case '':
    case 'L':
      return { kind: 'string', op: 'equals', value, caseSensitive };
    case 'L*':
      return { kind: 'string', op: 'startswith', value, caseSensitive };
    case '*L':
      return { kind: 'string', op: 'endswith', value, caseSensitive };
    case '*L*':
      return { kind: 'string', op: 'contains', value, caseSensitive };
    default:
      return { kind: 'wildcard', parts, caseSensitive };
  }
}
