// String matchers as wildcard patterns, so every backend renders contains/startswith/endswith one way.
import type { StringMatcher, WildcardPart } from '../../ir/matcher.js';

const ANY: WildcardPart = { type: 'any' };

/** The pattern of a string matcher: `contains "x"` is `*x*`; an empty value leaves just the `*`. */
export function stringMatcherParts(matcher: StringMatcher): WildcardPart[] {
  const text: WildcardPart[] = matcher.value ? [{ type: 'literal', text: matcher.value }] : [];
  switch (matcher.op) {
    case 'equals':
      return text;
    case 'contains':
      return text.length ? [ANY, ...text, ANY] : [ANY];
    case 'startswith':
      return [...text, ANY];
    case 'endswith':
      return [ANY, ...text];
  }
}

/** The literal texts of a pattern. */
export function literalTexts(parts: readonly WildcardPart[]): string[] {
  return parts.flatMap((part) => (part.type === 'literal' ? [part.text] : []));
}

/** The same pattern with every literal lower-cased. */
export function lowerCaseParts(parts: readonly WildcardPart[]): WildcardPart[] {
  return parts.map((part) =>
    part.type === 'literal' ? { type: 'literal', text: part.text.toLowerCase() } : part,
  );
}
