// A rule's mapped detection as native screening evaluates it (see native/src/rule-program.h), when it can.
import ipaddr from 'ipaddr.js';
import type { Expr } from '../../ir/expr.js';
import type { Matcher } from '../../ir/matcher.js';
import type { LogicMode } from '../../ir/rule.js';
import { re2Flags } from '../../util/safe-regex.js';
import { ipv4Range } from '../cidr-ranges.js';
import { type GlobSegment, globSegments, isAsciiGlob, parseNumber, wildcardToRegex } from '../match-value.js';

/** A value test (see `compileMatcher`); texts compared case-insensitively are given lower-cased. */
export type MatcherSpec =
  | { kind: 'string'; op: string; value: string; caseSensitive: boolean }
  | {
      kind: 'wildcard';
      caseSensitive: boolean;
      segments: GlobSegment[];
      ascii: boolean;
      pattern: string;
      flags: string;
    }
  | { kind: 'regex'; pattern: string; flags: string }
  | { kind: 'number'; value: number }
  | { kind: 'compare'; op: string; bound: number }
  | { kind: 'cidr'; ipv4: boolean; network: number; mask: number }
  | { kind: 'null' }
  | { kind: 'bool'; value: boolean }
  | { kind: 'placeholder' };

export type NodeSpec =
  | { kind: 'and' | 'or'; children: NodeSpec[] }
  | { kind: 'not'; children: [NodeSpec] }
  | { kind: 'const'; value: boolean }
  | { kind: 'match'; field: string; matcher: MatcherSpec }
  | { kind: 'exists'; field: string }
  | { kind: 'keyword'; matcher: MatcherSpec }
  | { kind: 'fieldref'; field: string; other: string; op: string; caseSensitive: boolean };

/** A slot's program: its detection, whether EQL's three-valued logic applies, and its rule's index. */
export interface ProgramSpec {
  root: NodeSpec;
  ternary: boolean;
  rule: number;
}

/**
 * A CIDR range as numbers (see `CidrRanges`): native code reads plain dotted IPv4 texts itself and leaves other
 * texts, which ipaddr.js reads, to JS.
 */
function cidrSpec(cidr: string): MatcherSpec | undefined {
  let network: ipaddr.IPv4 | ipaddr.IPv6;
  let bits: number;
  try {
    [network, bits] = ipaddr.parseCIDR(cidr);
  } catch {
    return undefined;
  }
  if (network.kind() !== 'ipv4') return { kind: 'cidr', ipv4: false, network: 0, mask: 0 };
  return { kind: 'cidr', ipv4: true, ...ipv4Range(network as ipaddr.IPv4, bits) };
}

function matcherSpec(m: Matcher): MatcherSpec | undefined {
  switch (m.kind) {
    case 'string':
      return {
        kind: 'string',
        op: m.op,
        value: m.caseSensitive ? m.value : m.value.toLowerCase(),
        caseSensitive: m.caseSensitive,
      };
    case 'wildcard': {
      const segments = globSegments(m.parts, m.caseSensitive);
      const ascii = isAsciiGlob(segments);
      // What JS runs on RE2 where the glob match does not apply (see `wildcardPredicate`).
      const pattern = wildcardToRegex(m.parts);
      const flags = re2Flags({ ignoreCase: !m.caseSensitive, multiline: false, dotAll: true });
      return { kind: 'wildcard', caseSensitive: m.caseSensitive, segments, ascii, pattern, flags };
    }
    case 'regex':
      return { kind: 'regex', pattern: m.pattern, flags: re2Flags(m.flags) };
    case 'number':
      return { kind: 'number', value: m.value };
    case 'compare':
      return m.type === 'number'
        ? { kind: 'compare', op: m.op, bound: parseNumber(m.value) ?? Number.NaN }
        : undefined;
    case 'null':
    case 'placeholder':
      return { kind: m.kind };
    case 'bool':
      return { kind: 'bool', value: m.value };
    case 'cidr':
      return cidrSpec(m.cidr);
  }
}

/** The node as native screening evaluates it, or undefined if it (or a part) is left to JS. */
function nodeSpec(expr: Expr): NodeSpec | undefined {
  switch (expr.kind) {
    case 'and':
    case 'or': {
      const children: NodeSpec[] = [];
      for (const child of expr.children) {
        const spec = nodeSpec(child);
        if (!spec) return undefined;
        children.push(spec);
      }
      return { kind: expr.kind, children };
    }
    case 'not': {
      const child = nodeSpec(expr.child);
      return child && { kind: 'not', children: [child] };
    }
    case 'const':
      return { kind: 'const', value: expr.value };
    case 'match': {
      if (expr.transform || expr.field.includes('*')) return undefined;
      const matcher = matcherSpec(expr.matcher);
      return matcher && { kind: 'match', field: expr.field, matcher };
    }
    case 'exists':
      return expr.field.includes('*') ? undefined : { kind: 'exists', field: expr.field };
    case 'keyword': {
      const matcher = matcherSpec(expr.matcher);
      return matcher && { kind: 'keyword', matcher };
    }
    case 'fieldref':
      if (expr.field.includes('*') || expr.other.includes('*')) return undefined;
      return {
        kind: 'fieldref',
        field: expr.field,
        other: expr.other,
        op: expr.op,
        caseSensitive: expr.caseSensitive,
      };
    case 'nested':
      return undefined;
  }
}

/** The slot's program, or null when its detection has parts native screening leaves to JS. */
export function programSpec(detection: Expr, logic: LogicMode, rule: number): ProgramSpec | null {
  const root = nodeSpec(detection);
  return root ? { root, ternary: logic === 'ternary', rule } : null;
}
