// Approximates Elasticsearch's standard analyzer on text fields with case-insensitive RE2 regular expressions.
//
// The standard tokenizer splits text into words (Unicode letters, marks, digits, `_`) and lower-cases them.
// Here a token is a maximal run of those characters; Elasticsearch also keeps `.`, `'` and `:` between letters
// or digits inside one token (`cmd.exe`, `don't`), so these regexes accept a superset of its matches there.
import type { Matcher, RegexMatcher, WildcardPart } from '../../../ir/matcher.js';

const WORD = '[\\p{L}\\p{M}\\p{N}_]';
const NOT_WORD = '[^\\p{L}\\p{M}\\p{N}_]';
const TOKEN_START = `(?:^|${NOT_WORD})`;
const TOKEN_END = `(?:${NOT_WORD}|$)`;
const SEPARATORS = /[^\p{L}\p{M}\p{N}_]+/u;

export function tokenize(text: string): string[] {
  return text.split(SEPARATORS).filter((token) => token !== '');
}

function caseInsensitive(pattern: string): RegexMatcher {
  return { kind: 'regex', pattern, flags: { ignoreCase: true, multiline: false, dotAll: false } };
}

function escapeRegex(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&');
}

/** `match` query: the value contains any token of `text`; undefined when `text` has no token. */
export function anyTokenMatcher(text: string): Matcher | undefined {
  const tokens = [...new Set(tokenize(text).map((token) => token.toLowerCase()))];
  if (tokens.length === 0) return undefined;
  const alternatives = tokens.length === 1 ? tokens[0]! : `(?:${tokens.join('|')})`;
  return caseInsensitive(`${TOKEN_START}${alternatives}${TOKEN_END}`);
}

/** `match_phrase` query: the tokens of `text` in order, adjacent; undefined when `text` has no token. */
export function phraseMatcher(text: string): Matcher | undefined {
  const tokens = tokenize(text);
  if (tokens.length === 0) return undefined;
  return caseInsensitive(`${TOKEN_START}${tokens.join(`${NOT_WORD}+`)}${TOKEN_END}`);
}

/** `query_string` wildcard term: one token matches the pattern, `*` standing for any run of word characters. */
export function tokenWildcardMatcher(parts: WildcardPart[]): Matcher {
  const body = parts.map((part) => (part.type === 'literal' ? escapeRegex(part.text) : `${WORD}*`)).join('');
  return caseInsensitive(`${TOKEN_START}${body}${TOKEN_END}`);
}
