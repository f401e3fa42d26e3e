// Lucene query_string lexical rules: phrases, escaped terms and wildcards, field names, ranges.
import type { WildcardPart } from '../../ir/matcher.js';

/** Characters query_string reads as syntax in a term; whitespace would end the term. */
const RESERVED = /[+\-=&|><!(){}[\]^"~*?:\\/\s]/gu;

/** `"…"`: a phrase, matched as the whole value on keyword fields; backslash and quote are escaped. */
export function luceneQuoted(text: string): string {
  return `"${text.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

/** Literal text as (part of) one unquoted term. */
export function luceneTerm(text: string): string {
  return text.replace(RESERVED, (c) => `\\${c}`);
}

/** An unquoted wildcard term: `*` any run, `?` one character. */
export function luceneWildcard(parts: readonly WildcardPart[]): string {
  return parts
    .map((part) => (part.type === 'any' ? '*' : part.type === 'one' ? '?' : luceneTerm(part.text)))
    .join('');
}

/** A field name; the escaped `\*` is query_string's wildcard over field names, as `*` is in the IR. */
export function luceneField(field: string): string {
  return luceneTerm(field);
}

/** A regex term; the pattern must already be in Lucene's dialect with `/` escaped. */
export function luceneRegexTerm(pattern: string): string {
  return `/${pattern}/`;
}
