// EQL wildcard patterns (`:`, `like`, wildcard()): `*` any run, `?` one character, no escapes.
import type { Matcher, WildcardPart } from '../../../ir/matcher.js';
import { matcherFromParts, normalize } from '../../sigma/sigma-string.js';

export function wildcardMatcher(pattern: string, caseSensitive: boolean): Matcher {
  const parts: WildcardPart[] = [];
  let literal = '';
  for (const ch of pattern) {
    if (ch !== '*' && ch !== '?') {
      literal += ch;
      continue;
    }
    if (literal) parts.push({ type: 'literal', text: literal });
    literal = '';
    parts.push({ type: ch === '*' ? 'any' : 'one' });
  }
  if (literal) parts.push({ type: 'literal', text: literal });
  return matcherFromParts(normalize(parts), caseSensitive);
}
