// Planted true positives: field values read from a real rule's detection so that the event satisfies it.
import ipaddr from 'ipaddr.js';
import type { Expr } from '../src/ir/expr.js';
import type { Matcher } from '../src/ir/matcher.js';
import type { Rule } from '../src/ir/rule.js';
import type { Prng } from './prng.js';

/** What one field must look like: an exact value, or text pieces to put at its start, middle and end. */
interface Wish {
  equals?: string | number | boolean;
  starts: string[];
  contains: string[];
  ends: string[];
  absent?: boolean;
  present?: boolean;
}

/** Field → value (undefined: remove the field) that make the rule's selection true. */
export type Witness = Map<string, string | number | boolean | undefined>;

function wishFor(wishes: Map<string, Wish>, field: string): Wish {
  let wish = wishes.get(field);
  if (!wish) {
    wish = { starts: [], contains: [], ends: [] };
    wishes.set(field, wish);
  }
  return wish;
}

function wishMatcher(wish: Wish, matcher: Matcher): void {
  switch (matcher.kind) {
    case 'string':
      if (matcher.op === 'equals') wish.equals = matcher.value;
      else if (matcher.op === 'startswith') wish.starts.push(matcher.value);
      else if (matcher.op === 'endswith') wish.ends.push(matcher.value);
      else wish.contains.push(matcher.value);
      return;
    case 'wildcard':
      wish.equals = matcher.parts
        .map((p) => (p.type === 'literal' ? p.text : p.type === 'one' ? 'x' : ''))
        .join('');
      return;
    case 'number':
    case 'bool':
      wish.equals = matcher.value;
      return;
    case 'cidr':
      wish.equals = ipaddr.parseCIDR(matcher.cidr)[0].toString();
      return;
    case 'compare':
      if (typeof matcher.value === 'number')
        wish.equals = matcher.op.startsWith('g') ? matcher.value + 1 : matcher.value - 1;
      return;
    case 'null':
      wish.absent = true;
      return;
    default:
      return;
  }
}

/** Records what makes `expr` true: every AND branch, one OR branch chosen at random; negations are left alone. */
function wishExpr(expr: Expr, wishes: Map<string, Wish>, rng: Prng): void {
  switch (expr.kind) {
    case 'and':
      for (const child of expr.children) wishExpr(child, wishes, rng);
      return;
    case 'or':
      wishExpr(rng.pick(expr.children), wishes, rng);
      return;
    case 'match':
      if (!expr.transform) wishMatcher(wishFor(wishes, expr.field), expr.matcher);
      return;
    case 'exists':
      wishFor(wishes, expr.field).present = true;
      return;
    default:
      return;
  }
}

function render(wish: Wish): string | number | boolean | undefined {
  if (wish.equals !== undefined) return wish.equals;
  if (wish.absent) return undefined;
  const text = [wish.starts.join(''), wish.contains.join(' '), wish.ends.join('')].filter(Boolean).join(' ');
  return text || (wish.present ? 'present' : undefined);
}

/** Field values taken from the rule's literals; regexes, negations and field comparisons are not attempted. */
export function witness(rule: Rule, rng: Prng): Witness {
  const wishes = new Map<string, Wish>();
  if (rule.detection) wishExpr(rule.detection, wishes, rng);
  const out: Witness = new Map();
  for (const [field, wish] of wishes) out.set(field, render(wish));
  return out;
}

/** Applies a witness to an event, flat (`{"a.b": v}` stays a key) or nested (`a.b` becomes `{a: {b: v}}`). */
export function applyWitness(event: Record<string, unknown>, found: Witness, nested: boolean): void {
  for (const [field, value] of found) {
    const path = nested ? field.split('.') : [field];
    let node = event;
    for (const key of path.slice(0, -1)) {
      const next = node[key];
      if (typeof next !== 'object' || next === null || Array.isArray(next)) node[key] = {};
      node = node[key] as Record<string, unknown>;
    }
    const last = path[path.length - 1]!;
    if (value === undefined) delete node[last];
    else node[last] = value;
  }
}
