// Compiles IR matchers into predicates over one event value, with Sigma's number/string/case rules.
import type { FieldTransform } from '../ir/expr.js';
import type { Matcher, WildcardPart } from '../ir/matcher.js';
import { compileRegex, type SafeRegex } from '../util/safe-regex.js';
import { CidrRanges } from './cidr-ranges.js';
import type { EventView } from './event-view.js';

/** Tests one scalar value of an event; `view` supplies cached lower-casing. */
export type ValuePredicate = (value: unknown, view: EventView) => boolean;

/** The text form a string matcher compares against: strings, numbers and booleans; not objects or null. */
export function valueText(value: unknown): string | undefined {
  switch (typeof value) {
    case 'string':
      return value;
    case 'number':
    case 'bigint':
    case 'boolean':
      return String(value);
    default:
      return undefined;
  }
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export function wildcardToRegex(parts: readonly WildcardPart[]): string {
  const body = parts
    .map((p) => (p.type === 'literal' ? escapeRegex(p.text) : p.type === 'any' ? '.*' : '.'))
    .join('');
  return `^${body}$`;
}

const ASCII = /^[\x00-\x7f]*$/;

/**
 * `compileRegex` builds RE2 objects, which read UTF-8 and also take the bytes directly: testing the event's
 * cached bytes spares one string conversion per regex and value.
 */
function bytesTest(regex: SafeRegex): (text: string, view: EventView) => boolean {
  const re2 = regex as unknown as { test(input: Buffer): boolean };
  return (text, view) => re2.test(view.utf8(text));
}

/** A wildcard pattern split at its `*`s; each segment is literal text and `?` (null), matched on ASCII text. */
export type GlobSegment = (string | null)[];

function segmentAt(segment: GlobSegment, text: string, at: number): boolean {
  let i = at;
  for (const piece of segment) {
    if (piece === null) {
      if (i >= text.length) return false;
      i++;
    } else {
      if (!text.startsWith(piece, i)) return false;
      i += piece.length;
    }
  }
  return true;
}

function segmentLength(segment: GlobSegment): number {
  return segment.reduce((n, piece) => n + (piece === null ? 1 : piece.length), 0);
}

/** Anchored glob match: first segment at the start, last at the end, the others leftmost in between. */
function globMatch(segments: readonly GlobSegment[], text: string): boolean {
  const first = segments[0]!;
  if (segments.length === 1) return segmentLength(first) === text.length && segmentAt(first, text, 0);
  if (!segmentAt(first, text, 0)) return false;
  let pos = segmentLength(first);
  for (let k = 1; k < segments.length - 1; k++) {
    const segment = segments[k]!;
    const length = segmentLength(segment);
    let found = -1;
    for (let at = pos; at + length <= text.length; at++) {
      if (segmentAt(segment, text, at)) {
        found = at;
        break;
      }
    }
    if (found < 0) return false;
    pos = found + length;
  }
  const last = segments[segments.length - 1]!;
  const start = text.length - segmentLength(last);
  return start >= pos && segmentAt(last, text, start);
}

/** The pattern split at its `*`s, literal text lower-cased unless case-sensitive (see `globMatch`). */
export function globSegments(parts: readonly WildcardPart[], caseSensitive: boolean): GlobSegment[] {
  const segments: GlobSegment[] = [[]];
  for (const part of parts) {
    if (part.type === 'any') segments.push([]);
    else
      segments[segments.length - 1]!.push(
        part.type === 'one' ? null : caseSensitive ? part.text : part.text.toLowerCase(),
      );
  }
  return segments;
}

/** Whether every literal piece of the segments is ASCII (only then may the glob match stand in for RE2). */
export function isAsciiGlob(segments: readonly GlobSegment[]): boolean {
  return segments.every((segment) => segment.every((piece) => piece === null || ASCII.test(piece)));
}

/**
 * Wildcards run on RE2 like regexes, except for ASCII text and patterns: there Unicode case folding is ASCII
 * lower-casing and `?` is one character, so a plain glob match on (lower-cased) text gives the same answer.
 */
function wildcardPredicate(parts: readonly WildcardPart[], caseSensitive: boolean): ValuePredicate {
  const test = bytesTest(
    compileRegex(wildcardToRegex(parts), { ignoreCase: !caseSensitive, multiline: false, dotAll: true }),
  );
  const segments = globSegments(parts, caseSensitive);
  const asciiPattern = isAsciiGlob(segments);
  return (value, view) => {
    const text = valueText(value);
    if (text === undefined) return false;
    if (asciiPattern) {
      const folded = caseSensitive ? text : view.lower(text);
      if (ASCII.test(folded)) return globMatch(segments, folded);
    }
    return test(text, view);
  };
}

/** String tests of one case mode, grouped by operation; equality is a set lookup. */
class StringTests {
  private readonly equals = new Set<string>();
  private readonly contains: string[] = [];
  private readonly starts: string[] = [];
  private readonly ends: string[] = [];
  size = 0;

  add(op: string, needle: string): void {
    this.size++;
    if (op === 'equals') this.equals.add(needle);
    else if (op === 'contains') this.contains.push(needle);
    else if (op === 'startswith') this.starts.push(needle);
    else this.ends.push(needle);
  }

  test(text: string): boolean {
    if (this.equals.has(text)) return true;
    for (let i = 0; i < this.contains.length; i++) if (text.includes(this.contains[i]!)) return true;
    for (let i = 0; i < this.starts.length; i++) if (text.startsWith(this.starts[i]!)) return true;
    for (let i = 0; i < this.ends.length; i++) if (text.endsWith(this.ends[i]!)) return true;
    return false;
  }
}

/** Whether any of the matchers accepts the value; string tests share one lower-casing of the value. */
export function compileMatcherSet(matchers: readonly Matcher[]): ValuePredicate {
  const folded = new StringTests();
  const exact = new StringTests();
  const others: ValuePredicate[] = [];
  const cidrs: string[] = [];
  for (const m of matchers) {
    if (m.kind === 'cidr') cidrs.push(m.cidr);
    else if (m.kind !== 'string') others.push(compileMatcher(m));
    else if (m.caseSensitive) exact.add(m.op, m.value);
    else folded.add(m.op, m.value.toLowerCase());
  }
  if (cidrs.length) others.push(cidrPredicate(cidrs));
  return (value, view) => {
    const text = valueText(value);
    if (text !== undefined) {
      if (folded.size && folded.test(view.lower(text))) return true;
      if (exact.size && exact.test(text)) return true;
    }
    for (let i = 0; i < others.length; i++) if (others[i]!(value, view)) return true;
    return false;
  };
}

function stringPredicate(op: string, pattern: string, caseSensitive: boolean): ValuePredicate {
  const needle = caseSensitive ? pattern : pattern.toLowerCase();
  const test: (s: string) => boolean =
    op === 'equals'
      ? (s) => s === needle
      : op === 'contains'
        ? (s) => s.includes(needle)
        : op === 'startswith'
          ? (s) => s.startsWith(needle)
          : (s) => s.endsWith(needle);
  return (value, view) => {
    const text = valueText(value);
    if (text === undefined) return false;
    return test(caseSensitive ? text : view.lower(text));
  };
}

/** The number a value stands for (numbers, numeric strings), as a NumberMatcher compares it. */
export function parseNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'string' && value.trim() !== '') {
    const n = Number(value);
    return Number.isNaN(n) ? undefined : n;
  }
  return undefined;
}

function parseDate(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value !== 'string') return undefined;
  const t = Date.parse(value.includes(' ') && !value.includes('T') ? `${value.replace(' ', 'T')}Z` : value);
  return Number.isNaN(t) ? undefined : t;
}

/** Whether a value is an IP address in one of the CIDR ranges (see `CidrRanges`). */
function cidrPredicate(cidrs: readonly string[]): ValuePredicate {
  const ranges = new CidrRanges(cidrs);
  return (value) => ranges.contain(value);
}

const COMPARE = {
  lt: (a: number, b: number) => a < b,
  lte: (a: number, b: number) => a <= b,
  gt: (a: number, b: number) => a > b,
  gte: (a: number, b: number) => a >= b,
};

export function compileMatcher(matcher: Matcher): ValuePredicate {
  switch (matcher.kind) {
    case 'string':
      return stringPredicate(matcher.op, matcher.value, matcher.caseSensitive);
    case 'wildcard':
      return wildcardPredicate(matcher.parts, matcher.caseSensitive);
    case 'regex': {
      const test = bytesTest(compileRegex(matcher.pattern, matcher.flags));
      return (value, view) => {
        const text = valueText(value);
        return text !== undefined && test(text, view);
      };
    }
    case 'cidr':
      return cidrPredicate([matcher.cidr]);
    case 'number':
      return (value) => parseNumber(value) === matcher.value;
    case 'compare': {
      const cmp = COMPARE[matcher.op];
      if (matcher.type === 'string') {
        const bound = String(matcher.value);
        return (value) => typeof value === 'string' && cmp(value < bound ? -1 : value > bound ? 1 : 0, 0);
      }
      const parse = matcher.type === 'date' ? parseDate : parseNumber;
      const bound = parse(matcher.value);
      if (bound === undefined) return () => false;
      return (value) => {
        const n = parse(value);
        return n !== undefined && cmp(n, bound);
      };
    }
    case 'null':
      return (value) => value === null;
    case 'bool':
      return (value) =>
        value === matcher.value ||
        (typeof value === 'string' && value.toLowerCase() === String(matcher.value));
    case 'placeholder':
      return () => false;
  }
}

/** ISO week number (1–53) of a UTC time. */
function isoWeek(date: Date): number {
  const d = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
  const day = d.getUTCDay() || 7;
  d.setUTCDate(d.getUTCDate() + 4 - day);
  const yearStart = Date.UTC(d.getUTCFullYear(), 0, 1);
  return Math.ceil(((d.getTime() - yearStart) / 86_400_000 + 1) / 7);
}

/** Applies a field transform (EQL length, Sigma time parts); undefined when the value does not allow it. */
export function compileTransform(transform: FieldTransform): (value: unknown) => unknown {
  if (transform.kind === 'length') return (value) => (typeof value === 'string' ? value.length : undefined);
  const part = transform.part;
  return (value) => {
    const t = parseDate(value);
    if (t === undefined) return undefined;
    const d = new Date(t);
    switch (part) {
      case 'minute':
        return d.getUTCMinutes();
      case 'hour':
        return d.getUTCHours();
      case 'day':
        return d.getUTCDate();
      case 'week':
        return isoWeek(d);
      case 'month':
        return d.getUTCMonth() + 1;
      case 'year':
        return d.getUTCFullYear();
    }
  };
}
