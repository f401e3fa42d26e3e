// Compiles an IR expression into a predicate over events, two-valued (Sigma, KQL) or three-valued (EQL).
import type { Expr, FieldTransform, KeywordExpr, MatchExpr } from '../ir/expr.js';
import type { Matcher, StringOp } from '../ir/matcher.js';
import type { LogicMode } from '../ir/rule.js';
import { EventView, fieldPath, type JsonObject } from './event-view.js';
import {
  compileMatcher,
  compileMatcherSet,
  compileTransform,
  type ValuePredicate,
  valueText,
} from './match-value.js';
import { ValueMemo } from './value-memo.js';

/** true, false, or null (unknown: EQL comparison with a missing field). */
export type Truth = boolean | null;
export type EventPredicate = (view: EventView) => Truth;

function fieldrefTest(op: StringOp, caseSensitive: boolean): (a: string, b: string) => boolean {
  const norm = caseSensitive ? (s: string) => s : (s: string) => s.toLowerCase();
  switch (op) {
    case 'equals':
      return (a, b) => norm(a) === norm(b);
    case 'contains':
      return (a, b) => norm(a).includes(norm(b));
    case 'startswith':
      return (a, b) => norm(a).startsWith(norm(b));
    case 'endswith':
      return (a, b) => norm(a).endsWith(norm(b));
  }
}

/** A test of one field's values; `missing` is the result when the field is absent. */
function compileMatch(
  field: string,
  test: ValuePredicate,
  transform: FieldTransform | undefined,
  missing: Truth,
  ternary: boolean,
): EventPredicate {
  const apply = transform ? compileTransform(transform) : undefined;
  const path = fieldPath(field);
  return (view) => {
    const values = view.valuesAt(path);
    if (values.length === 0) return missing;
    let sawNull = false;
    for (let i = 0; i < values.length; i++) {
      const value = apply ? apply(values[i]) : values[i];
      if (test(value, view)) return true;
      if (value === null || value === undefined) sawNull = true;
    }
    return ternary && sawNull ? null : false;
  };
}

/** Values remembered per costly test. */
const TEST_MEMO = 256;

/** Whether testing a value costs more than a memo look-up: several matchers, regexes, wildcards, CIDR ranges. */
function isCostly(matchers: readonly Matcher[]): boolean {
  return matchers.length > 2 || matchers.some((m) => ['regex', 'wildcard', 'cidr'].includes(m.kind));
}

/** The test of the matchers, remembering its answers for repeated string values when that pays. */
function valueTest(matchers: readonly Matcher[]): ValuePredicate {
  const test = matchers.length === 1 ? compileMatcher(matchers[0]!) : compileMatcherSet(matchers);
  if (!isCostly(matchers)) return test;
  const memo = new ValueMemo<boolean>(TEST_MEMO);
  return (value, view) => {
    if (typeof value !== 'string') return test(value, view);
    let result = memo.get(value);
    if (result === undefined) {
      result = test(value, view);
      memo.set(value, result);
    }
    return result;
  };
}

function compileKeyword(test: ValuePredicate): EventPredicate {
  return (view) => view.allValues().some((value) => valueText(value) !== undefined && test(value, view));
}

/** An OR child that can be merged with its siblings: a plain test of a field, or a keyword. */
function mergeKey(expr: Expr, given: ReadonlyMap<Expr, EventPredicate> | undefined): string | undefined {
  if (given?.has(expr)) return undefined;
  if (expr.kind === 'keyword') return '';
  if (expr.kind === 'match' && !expr.transform && expr.matcher.kind !== 'null') return `.${expr.field}`;
  return undefined;
}

/**
 * The children of an OR, with tests of the same field (and keyword searches) merged into one predicate that
 * reads the values once and tries every matcher on each: the same result as evaluating them one by one.
 */
function compileOrChildren(
  children: readonly Expr[],
  mode: LogicMode,
  given: ReadonlyMap<Expr, EventPredicate> | undefined,
): EventPredicate[] {
  const merged = new Map<string, Matcher[]>();
  const out: EventPredicate[] = [];
  for (const child of children) {
    const key = mergeKey(child, given);
    if (key === undefined) out.push(compileExpr(child, mode, given));
    else {
      const matchers = merged.get(key);
      const matcher = (child as MatchExpr | KeywordExpr).matcher;
      if (matchers) matchers.push(matcher);
      else merged.set(key, [matcher]);
    }
  }
  const ternary = mode === 'ternary';
  for (const [key, matchers] of merged) {
    const test = valueTest(matchers);
    out.push(
      key === ''
        ? compileKeyword(test)
        : compileMatch(key.slice(1), test, undefined, ternary ? null : false, ternary),
    );
  }
  return out;
}

/**
 * Compiles `expr`; in ternary mode a test on a missing field is null and `not null` stays null. `given` supplies
 * ready predicates for some nodes of the tree (shared, memoised subexpressions of a rule set).
 */
export function compileExpr(
  expr: Expr,
  mode: LogicMode,
  given?: ReadonlyMap<Expr, EventPredicate>,
): EventPredicate {
  const ready = given?.get(expr);
  if (ready) return ready;
  const ternary = mode === 'ternary';
  switch (expr.kind) {
    case 'const':
      return () => expr.value;
    case 'and': {
      const children = expr.children.map((c) => compileExpr(c, mode, given));
      return (view) => {
        let unknown = false;
        for (let i = 0; i < children.length; i++) {
          const r = children[i]!(view);
          if (r === false) return false;
          if (r === null) unknown = true;
        }
        return unknown ? null : true;
      };
    }
    case 'or': {
      const children = compileOrChildren(expr.children, mode, given);
      return (view) => {
        let unknown = false;
        for (let i = 0; i < children.length; i++) {
          const r = children[i]!(view);
          if (r === true) return true;
          if (r === null) unknown = true;
        }
        return unknown ? null : false;
      };
    }
    case 'not': {
      const child = compileExpr(expr.child, mode, given);
      return (view) => {
        const r = child(view);
        return r === null ? null : !r;
      };
    }
    case 'match': {
      const missing: Truth = expr.matcher.kind === 'null' ? true : ternary ? null : false;
      return compileMatch(expr.field, valueTest([expr.matcher]), expr.transform, missing, ternary);
    }
    case 'exists': {
      const path = fieldPath(expr.field);
      return (view) => view.valuesAt(path).length > 0;
    }
    case 'keyword':
      return compileKeyword(valueTest([expr.matcher]));
    case 'fieldref': {
      const test = fieldrefTest(expr.op, expr.caseSensitive);
      const field = fieldPath(expr.field);
      const other = fieldPath(expr.other);
      return (view) => {
        const left = view.valuesAt(field);
        const right = view.valuesAt(other);
        if (!left.length || !right.length) return ternary ? null : false;
        for (const a of left) {
          const ta = valueText(a);
          if (ta === undefined) continue;
          for (const b of right) {
            const tb = valueText(b);
            if (tb !== undefined && test(ta, tb)) return true;
          }
        }
        return false;
      };
    }
    case 'nested': {
      const child = compileExpr(expr.child, mode, given);
      const path = fieldPath(expr.path);
      return (view) => {
        for (const item of view.valuesAt(path)) {
          if (typeof item === 'object' && item !== null && child(new EventView(item as JsonObject)) === true)
            return true;
        }
        return false;
      };
    }
  }
}
