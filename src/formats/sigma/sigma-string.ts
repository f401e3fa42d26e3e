// Sigma string values: wildcard/escape parsing and conversion to IR string or wildcard matchers.
import type { Matcher, StringOp, WildcardPart } from '../../ir/matcher.js';

/** A Sigma string as literal text interleaved with `*` and `?` wildcards. */
export type SigmaString = WildcardPart[];

/** Parses `*`, `?` and the escapes `\*`, `\?`, `\\`; any other backslash is literal. */
export function parseSigmaString(text: string): SigmaString {
  const parts: WildcardPart[] = [];
  let literal = '';
  const flush = () => {
    if (literal) parts.push({ type: 'literal', text: literal });
    literal = '';
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === '\\') {
      const next = text[i + 1];
      if (next === '*' || next === '?' || next === '\\') {
        literal += next;
        i++;
      } else literal += ch;
    } else if (ch === '*' || ch === '?') {
      flush();
      parts.push({ type: ch === '*' ? 'any' : 'one' });
    } else literal += ch;
  }
  flush();
  return parts;
}

export function literalString(text: string): SigmaString {
  return text ? [{ type: 'literal', text }] : [];
}

export function hasWildcards(value: SigmaString): boolean {
  return value.some((p) => p.type !== 'literal');
}

/** The text of a wildcard-free string. */
export function plainText(value: SigmaString): string {
  return value.map((p) => (p.type === 'literal' ? p.text : '')).join('');
}

/** Merges adjacent literals and runs of `*`. */
export function normalize(parts: SigmaString): SigmaString {
  const out: WildcardPart[] = [];
  for (const part of parts) {
    const last = out[out.length - 1];
    if (part.type === 'literal') {
      if (!part.text) continue;
      if (last?.type === 'literal') out[out.length - 1] = { type: 'literal', text: last.text + part.text };
      else out.push(part);
    } else if (part.type === 'any' && last?.type === 'any') continue;
    else out.push(part);
  }
  return out;
}

/** Applies contains/startswith/endswith by adding `*`, then reduces to the simplest matcher. */
export function toMatcher(value: SigmaString, position: StringOp, caseSensitive: boolean): Matcher {
  const any: WildcardPart = { type: 'any' };
  const before = position === 'contains' || position === 'endswith' ? [any] : [];
  const after = position === 'contains' || position === 'startswith' ? [any] : [];
  const parts = normalize([...before, ...value, ...after]);
  return matcherFromParts(parts, caseSensitive);
}

/** The simplest matcher for a wildcard pattern: equals/contains/startswith/endswith when it fits. */
export function matcherFromParts(parts: WildcardPart[], caseSensitive: boolean): Matcher {
  const inner = parts.filter((p, i) => !(p.type === 'any' && (i === 0 || i === parts.length - 1)));
  const first = parts[0];
  const last = parts[parts.length - 1];
  if (parts.length === 1 && first?.type === 'any') return { kind: 'wildcard', parts, caseSensitive };
  if (inner.every((p) => p.type === 'literal') && inner.length <= 1) {
    const text = inner[0]?.type === 'literal' ? inner[0].text : '';
    const leading = first?.type === 'any';
    const trailing = parts.length > 1 && last?.type === 'any';
    const op: StringOp =
      leading && trailing ? 'contains' : leading ? 'endswith' : trailing ? 'startswith' : 'equals';
    return { kind: 'string', op, value: text, caseSensitive };
  }
  return { kind: 'wildcard', parts, caseSensitive };
}
