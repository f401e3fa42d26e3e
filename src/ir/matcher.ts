// Value matchers of the Rule IR: how one event value is tested. Encodings are already expanded here.

/** How a plain string is compared to a value. */
export type StringOp = 'equals' | 'contains' | 'startswith' | 'endswith';

/** A literal string test; `caseSensitive: false` compares in Unicode lower case. */
export interface StringMatcher {
  kind: 'string';
  op: StringOp;
  value: string;
  caseSensitive: boolean;
}

/** One part of a wildcard pattern: literal text, `*` (any run of characters) or `?` (exactly one). */
export type WildcardPart = { type: 'literal'; text: string } | { type: 'any' } | { type: 'one' };

/** A glob pattern with `*` and `?` that could not be reduced to a StringMatcher. */
export interface WildcardMatcher {
  kind: 'wildcard';
  parts: WildcardPart[];
  caseSensitive: boolean;
}

export interface RegexFlags {
  ignoreCase: boolean;
  multiline: boolean;
  dotAll: boolean;
}

/** A regular expression (RE2 / PCRE subset) searched anywhere in the value unless anchored. */
export interface RegexMatcher {
  kind: 'regex';
  pattern: string;
  flags: RegexFlags;
}

/** An IPv4 or IPv6 network in CIDR notation; matches IP address values inside it. */
export interface CidrMatcher {
  kind: 'cidr';
  cidr: string;
}

export type CompareOp = 'lt' | 'lte' | 'gt' | 'gte';

/** Numeric equality: matches the number or a string holding the same decimal number. */
export interface NumberMatcher {
  kind: 'number';
  value: number;
}

/** Ordering comparison against a number, an ISO date, or (EQL) a string. */
export interface CompareMatcher {
  kind: 'compare';
  op: CompareOp;
  value: number | string;
  type: 'number' | 'date' | 'string';
}

/** Matches a missing field or an explicit null. */
export interface NullMatcher {
  kind: 'null';
}

/** Matches a boolean, or the strings "true"/"false" (case-insensitive). */
export interface BoolMatcher {
  kind: 'bool';
  value: boolean;
}

/** A Sigma `|expand` placeholder such as `%Admins_Workstations%` that no placeholder file resolved. */
export interface PlaceholderMatcher {
  kind: 'placeholder';
  name: string;
}

export type Matcher =
  | StringMatcher
  | WildcardMatcher
  | RegexMatcher
  | CidrMatcher
  | NumberMatcher
  | CompareMatcher
  | NullMatcher
  | BoolMatcher
  | PlaceholderMatcher;

export type MatcherKind = Matcher['kind'];
