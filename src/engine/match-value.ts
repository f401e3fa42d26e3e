// Compiles IR matchers into predicates over one event value, with Sigma's number/string/case rules.
import ipaddr from 'ipaddr.js';
import type { FieldTransform } from '../ir/expr.js';
import type { Matcher, WildcardPart } from '../ir/matcher.js';
import { compileRegex } from '../util/safe-regex.js';
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
  const body = parts.map((p) => (p.type === 'literal' ? escapeRegex(p.text) : p.type === 'any' ? '.*' : '.')).join('');
  return `^${body}$`;
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

function parseNumber(value: unknown): number | undefined {
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

function cidrPredicate(cidr: string): ValuePredicate {
  const range = ipaddr.parseCIDR(cidr);
  return (value) => {
    if (typeof value !== 'string' || !ipaddr.isValid(value)) return false;
    let address = ipaddr.parse(value);
    if (address.kind() !== range[0].kind()) {
      if (address.kind() === 'ipv6' && (address as ipaddr.IPv6).isIPv4MappedAddress()) address = (address as ipaddr.IPv6).toIPv4Address();
      else return false;
    }
    return address.match(range);
  };
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
    case 'wildcard': {
      const regex = compileRegex(wildcardToRegex(matcher.parts), { ignoreCase: !matcher.caseSensitive, multiline: false, dotAll: true });
      return (value) => {
        const text = valueText(value);
        return text !== undefined && regex.test(text);
      };
    }
    case 'regex': {
      const regex = compileRegex(matcher.pattern, matcher.flags);
      return (value) => {
        const text = valueText(value);
        return text !== undefined && regex.test(text);
      };
    }
    case 'cidr':
      return cidrPredicate(matcher.cidr);
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
      return (value) => value === matcher.value || (typeof value === 'string' && value.toLowerCase() === String(matcher.value));
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
