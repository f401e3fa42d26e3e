// Small builders of IR matchers for backend tests; case-insensitive and flagless unless told otherwise.
import type { Matcher, RegexFlags, StringOp, WildcardPart } from '../../src/ir/matcher.js';

export const str = (op: StringOp, value: string, caseSensitive = false): Matcher => ({
  kind: 'string',
  op,
  value,
  caseSensitive,
});

export const lit = (text: string): WildcardPart => ({ type: 'literal', text });
export const ANY: WildcardPart = { type: 'any' };
export const ONE: WildcardPart = { type: 'one' };

export const wildcard = (parts: WildcardPart[], caseSensitive = false): Matcher => ({
  kind: 'wildcard',
  parts,
  caseSensitive,
});

/** A regex matcher; `flags` is either some of the flags, or a boolean meaning `ignoreCase`. Unset flags are false. */
export const regex = (pattern: string, flags: Partial<RegexFlags> | boolean = {}): Matcher => ({
  kind: 'regex',
  pattern,
  flags: {
    ignoreCase: false,
    multiline: false,
    dotAll: false,
    ...(typeof flags === 'boolean' ? { ignoreCase: flags } : flags),
  },
});
