// Wildcard patterns for query backends: normalized parts, their string-operator shapes, and anchored regexes.
import type { RegexFlags, StringOp, WildcardPart } from '../ir/matcher.js';

/** The same pattern with adjacent literals merged, empty literals dropped and runs of `*` collapsed. */
export function normalizeWildcard(parts: readonly WildcardPart[]): WildcardPart[] {
  const out: WildcardPart[] = [];
  for (const part of parts) {
    const last = out[out.length - 1];
    if (part.type === 'literal') {
      if (!part.text) continue;
      if (last?.type === 'literal') out[out.length - 1] = { type: 'literal', text: last.text + part.text };
      else out.push(part);
    } else if (part.type === 'any') {
      if (last?.type !== 'any') out.push(part);
    } else out.push(part);
  }
  return out;
}

/** How a wildcard pattern can be expressed without a regex. */
export type WildcardShape =
  /** Only `*`: any value at all. */
  | { kind: 'any' }
  /** Exactly one string operator: `x`, `x*`, `*x`, `*x*`. */
  | { kind: 'string'; op: StringOp; value: string }
  /** `prefix*suffix` where no value shorter than both can start with one and end with the other. */
  | { kind: 'prefix-suffix'; prefix: string; suffix: string }
  /** Needs a regular expression (`?`, several inner `*`, or an overlapping prefix and suffix). */
  | { kind: 'pattern' };

/** Classifies a pattern; `caseSensitive` decides whether letters of different case count as overlapping. */
export function wildcardShape(parts: readonly WildcardPart[], caseSensitive: boolean): WildcardShape {
  const p = normalizeWildcard(parts);
  if (p.some((part) => part.type === 'one')) return { kind: 'pattern' };
  const kinds = p.map((part) => (part.type === 'literal' ? 'L' : '*')).join('');
  const literals = p.flatMap((part) => (part.type === 'literal' ? [part.text] : []));
  switch (kinds) {
    case '*':
      return { kind: 'any' };
    case '':
      return { kind: 'string', op: 'equals', value: '' };
    case 'L':
      return { kind: 'string', op: 'equals', value: literals[0]! };
    case 'L*':
      return { kind: 'string', op: 'startswith', value: literals[0]! };
    case '*L':
      return { kind: 'string', op: 'endswith', value: literals[0]! };
    case '*L*':
      return { kind: 'string', op: 'contains', value: literals[0]! };
    case 'L*L': {
      const [prefix, suffix] = literals as [string, string];
      return canOverlap(prefix, suffix, caseSensitive)
        ? { kind: 'pattern' }
        : { kind: 'prefix-suffix', prefix, suffix };
    }
    default:
      return { kind: 'pattern' };
  }
}

/**
 * Whether a value shorter than `prefix + suffix` could start with `prefix` and end with `suffix`: some
 * suffix of `prefix` equals a prefix of `suffix`. Without case sensitivity both case mappings are tried.
 */
function canOverlap(prefix: string, suffix: string, caseSensitive: boolean): boolean {
  const variants: [string, string][] = caseSensitive
    ? [[prefix, suffix]]
    : [
        [prefix.toLowerCase(), suffix.toLowerCase()],
        [prefix.toUpperCase(), suffix.toUpperCase()],
      ];
  return variants.some(([p, s]) => {
    for (let k = 1; k <= Math.min(p.length, s.length); k++) if (p.endsWith(s.slice(0, k))) return true;
    return false;
  });
}

/** Escapes every regex metacharacter (RE2 and PCRE agree on these) so the text matches itself. */
function escapeRegexLiteral(text: string): string {
  return text.replace(/[\\^$.|?*+()[\]{}]/g, '\\$&');
}

/** Inline flag group for RE2/PCRE, e.g. `(?is)`; empty when no flag is set. */
export function inlineFlags(flags: Partial<RegexFlags>): string {
  const letters = `${flags.ignoreCase ? 'i' : ''}${flags.multiline ? 'm' : ''}${flags.dotAll ? 's' : ''}`;
  return letters ? `(?${letters})` : '';
}

/**
 * A regex (for an unanchored search, as Kusto's `matches regex` and SPL's `match()`) matching exactly the
 * values the pattern matches: anchored at each end unless the pattern starts or ends with `*` (`\z` is the
 * very end in RE2 and PCRE), `*` and `?` crossing newlines, case folded unless `caseSensitive`.
 */
export function wildcardRegex(parts: readonly WildcardPart[], caseSensitive: boolean): string {
  const p = normalizeWildcard(parts);
  const leadingAny = p[0]?.type === 'any';
  const trailingAny = p.length > 0 && p[p.length - 1]?.type === 'any';
  const inner = p.slice(leadingAny ? 1 : 0, trailingAny ? -1 : undefined);
  const body = inner
    .map((part) =>
      part.type === 'literal' ? escapeRegexLiteral(part.text) : part.type === 'any' ? '.*' : '.',
    )
    .join('');
  const flags = inlineFlags({ ignoreCase: !caseSensitive, dotAll: true });
  return `${flags}${leadingAny ? '' : '^'}${body}${trailingAny ? '' : '\\z'}`;
}

/** The pattern of a string operator applied to `value`, as wildcard parts. */
export function stringOpParts(op: StringOp, value: string): WildcardPart[] {
  const literal: WildcardPart[] = value ? [{ type: 'literal', text: value }] : [];
  const any: WildcardPart = { type: 'any' };
  switch (op) {
    case 'equals':
      return literal;
    case 'contains':
      return [any, ...literal, any];
    case 'startswith':
      return [...literal, any];
    case 'endswith':
      return [any, ...literal];
  }
}
