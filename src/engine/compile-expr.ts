// Compiles an IR expression into a predicate over events, two-valued (Sigma, KQL) or three-valued (EQL).
import type { Expr } from '../ir/expr.js';
import type { LogicMode } from '../ir/rule.js';
import type { StringOp } from '../ir/matcher.js';
import { EventView, type JsonObject } from './event-view.js';
import { compileMatcher, compileTransform, valueText } from './match-value.js';

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

/** Compiles `expr`; in ternary mode a test on a missing field is null and `not null` stays null. */
export function compileExpr(expr: Expr, mode: LogicMode): EventPredicate {
  const ternary = mode === 'ternary';
  switch (expr.kind) {
    case 'const':
      return () => expr.value;
    case 'and': {
      const children = expr.children.map((c) => compileExpr(c, mode));
      return (view) => {
        let unknown = false;
        for (const child of children) {
          const r = child(view);
          if (r === false) return false;
          if (r === null) unknown = true;
        }
        return unknown ? null : true;
      };
    }
    case 'or': {
      const children = expr.children.map((c) => compileExpr(c, mode));
      return (view) => {
        let unknown = false;
        for (const child of children) {
          const r = child(view);
          if (r === true) return true;
          if (r === null) unknown = true;
        }
        return unknown ? null : false;
      };
    }
    case 'not': {
      const child = compileExpr(expr.child, mode);
      return (view) => {
        const r = child(view);
        return r === null ? null : !r;
      };
    }
    case 'match': {
      const test = compileMatcher(expr.matcher);
      const transform = expr.transform ? compileTransform(expr.transform) : undefined;
      const missing: Truth = expr.matcher.kind === 'null' ? true : ternary ? null : false;
      const field = expr.field;
      return (view) => {
        const values = view.values(field);
        if (values.length === 0) return missing;
        let sawNull = false;
        for (const raw of values) {
          const value = transform ? transform(raw) : raw;
          if (test(value, view)) return true;
          if (value === null || value === undefined) sawNull = true;
        }
        return ternary && sawNull ? null : false;
      };
    }
    case 'exists': {
      const field = expr.field;
      return (view) => view.values(field).length > 0;
    }
    case 'keyword': {
      const test = compileMatcher(expr.matcher);
      return (view) => view.allValues().some((value) => valueText(value) !== undefined && test(value, view));
    }
    case 'fieldref': {
      const test = fieldrefTest(expr.op, expr.caseSensitive);
      const { field, other } = expr;
      return (view) => {
        const left = view.values(field);
        const right = view.values(other);
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
      const child = compileExpr(expr.child, mode);
      const path = expr.path;
      return (view) => {
        for (const item of view.values(path)) {
          if (typeof item === 'object' && item !== null && child(new EventView(item as JsonObject)) === true) return true;
        }
        return false;
      };
    }
  }
}
