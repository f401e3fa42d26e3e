// Writes IR regexes and case-insensitive patterns in Lucene's regex dialect, which always matches the whole value.
import type { RegexMatcher, WildcardPart } from '../../ir/matcher.js';
import { UnsupportedConstruct } from '../target.js';
import { caseVariants } from './case-fold.js';
import { type Alternation, type CodeRange, parseRegex, type RegexNode } from './regex-syntax.js';

/**
 * Characters Lucene's RegExp gives a meaning (with all optional operators on, as query_string, ES|QL and EQL
 * parse it), plus `/`, which ends a regex in query_string syntax. A backslash makes any character literal.
 */
const LUCENE_SPECIAL = new Set(Array.from('.?+*|{}[]()"\\#@&<>~/'));
/** Inside `[…]`: a backslash before anything but a letter or digit is always read as a literal. */
const CLASS_PLAIN = /^[\p{L}\p{N}]$/u;

/** Lucene's `.`: any character, newlines included. */
const ANYTHING = '.*';

function literal(char: string): string {
  return LUCENE_SPECIAL.has(char) ? `\\${char}` : char;
}

function classChar(codePoint: number): string {
  const char = String.fromCodePoint(codePoint);
  return CLASS_PLAIN.test(char) || codePoint < 0x20 || codePoint > 0x7e ? char : `\\${char}`;
}

/** `char` as a class of its case variants when it has some, else as a literal. */
function foldedChar(char: string, ignoreCase: boolean): string {
  const variants = ignoreCase ? caseVariants(char) : [char];
  if (variants.length === 1) return literal(char);
  return `[${variants.map((v) => classChar(v.codePointAt(0)!)).join('')}]`;
}

/** A whole-value Lucene regex equivalent to a wildcard pattern compared ignoring case. */
export function caseInsensitiveWildcardRegex(parts: readonly WildcardPart[]): string {
  const body = parts
    .map((part) => {
      if (part.type === 'any') return ANYTHING;
      if (part.type === 'one') return '.';
      return Array.from(part.text, (char) => foldedChar(char, true)).join('');
    })
    .join('');
  return body || '()';
}

/**
 * A whole-value Lucene regex matching exactly the values in which the IR regex finds a match; throws
 * UnsupportedConstruct for lookaround, backreferences, word boundaries and anchors not at a branch's ends.
 * Ignoring case spells letters as classes of their case forms, unless `foldCase` is false because the
 * caller ignores case another way (EQL `regex~`).
 */
export function luceneRegex(matcher: RegexMatcher, { foldCase = true }: { foldCase?: boolean } = {}): string {
  const { body, flags } = parseRegex(matcher.pattern, matcher.flags);
  const emitter = new LuceneEmitter(foldCase && flags.ignoreCase, flags.dotAll);
  const branches = body.map((branch) => {
    let start = 0;
    let end = branch.length;
    while (start < end && branch[start]!.kind === 'start') start++;
    while (end > start && branch[end - 1]!.kind === 'end') end--;
    const inner = branch.slice(start, end);
    if (inner.some(containsAnchor))
      throw new UnsupportedConstruct('regex', 'an anchor (^, $) inside the pattern rather than at its ends');
    const prefix = start === 0 ? ANYTHING : flags.multiline ? '(.*\n)?' : '';
    const suffix = end === branch.length ? ANYTHING : flags.multiline ? '(\n.*)?' : '';
    const text = prefix + emitter.sequence(inner) + suffix;
    return text === `${ANYTHING}${ANYTHING}` ? ANYTHING : text || '()';
  });
  return branches.join('|');
}

function containsAnchor(node: RegexNode): boolean {
  switch (node.kind) {
    case 'start':
    case 'end':
      return true;
    case 'group':
      return node.body.some((branch) => branch.some(containsAnchor));
    case 'repeat':
      return containsAnchor(node.body);
    default:
      return false;
  }
}

class LuceneEmitter {
  constructor(
    private readonly ignoreCase: boolean,
    private readonly dotAll: boolean,
  ) {}

  alternation(body: Alternation): string {
    return body.map((branch) => this.sequence(branch) || '()').join('|');
  }

  sequence(nodes: readonly RegexNode[]): string {
    return nodes.map((node) => this.node(node)).join('');
  }

  private node(node: RegexNode): string {
    switch (node.kind) {
      case 'char':
        return foldedChar(node.char, this.ignoreCase);
      case 'dot':
        return this.dotAll ? '.' : '[^\n]';
      case 'class':
        return this.characterClass(node.negated, node.ranges);
      case 'group':
        return `(${this.alternation(node.body)})`;
      case 'repeat':
        return this.repeat(node.body, node.min, node.max);
      default:
        throw new UnsupportedConstruct('regex', 'an anchor inside the pattern');
    }
  }

  private repeat(body: RegexNode, min: number, max: number | undefined): string {
    const inner = this.node(body);
    const atom = body.kind === 'repeat' ? `(${inner})` : inner;
    if (max === undefined) return min === 0 ? `${atom}*` : min === 1 ? `${atom}+` : `${atom}{${min},}`;
    if (min === 0 && max === 1) return `${atom}?`;
    return min === max ? `${atom}{${min}}` : `${atom}{${min},${max}}`;
  }

  private characterClass(negated: boolean, ranges: readonly CodeRange[]): string {
    const all = this.ignoreCase ? withCaseVariants(ranges) : [...ranges];
    const members = mergeRanges(all).map(({ from, to }) =>
      from === to ? classChar(from) : `${classChar(from)}-${classChar(to)}`,
    );
    return `[${negated ? '^' : ''}${members.join('')}]`;
  }
}

/** Adds the case variants of every code point the ranges hold. */
function withCaseVariants(ranges: readonly CodeRange[]): CodeRange[] {
  const out = [...ranges];
  for (const { from, to } of ranges) {
    for (let cp = from; cp <= to; cp++) {
      if (cp >= 0xd800 && cp <= 0xdfff) continue;
      for (const variant of caseVariants(String.fromCodePoint(cp))) {
        const v = variant.codePointAt(0)!;
        if (v < from || v > to) out.push({ from: v, to: v });
      }
    }
  }
  return out;
}

function mergeRanges(ranges: readonly CodeRange[]): CodeRange[] {
  const sorted = [...ranges].sort((a, b) => a.from - b.from);
  const merged: CodeRange[] = [];
  for (const range of sorted) {
    const last = merged[merged.length - 1];
    if (last && range.from <= last.to + 1) last.to = Math.max(last.to, range.to);
    else merged.push({ ...range });
  }
  return merged;
}
