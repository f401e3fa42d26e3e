// Prints an IR boolean tree for a query language, telling each leaf whether it sits under an odd number of `not`s.
import type { AndExpr, Expr, NotExpr, OrExpr } from '../ir/expr.js';

/** Every node that is not and/or/not (nested included: backends decide whether they can express it). */
export type LeafExpr = Exclude<Expr, AndExpr | OrExpr | NotExpr>;

/** An OR operand: an expression still to print, or text a backend already printed as one atom. */
export type OrOperand = Expr | { printed: string };

export interface ConditionSyntax {
  /** Joins operands, e.g. ` and `. */
  and: string;
  or: string;
  /** Negates an operand; `compound` says whether it is an unparenthesized and/or. */
  not: (operand: string, compound: boolean) => string;
  constant: (value: boolean) => string;
  /** An atom (or self-parenthesized) text; `negated` lets the backend keep two-valued logic under `not`. */
  leaf: (node: LeafExpr, negated: boolean) => string;
  /** Optionally prints some operands of an OR together (e.g. Kusto `in~`), keeping the first one's place. */
  groupOr?: (children: Expr[], negated: boolean) => OrOperand[];
  /** Optionally prints a whole and/or/not subtree as one atom; undefined prints it operand by operand. */
  whole?: (node: AndExpr | OrExpr | NotExpr, negated: boolean) => string | undefined;
}

interface Printed {
  text: string;
  compound: boolean;
}

/** Prints the tree; compound operands of and/or are always parenthesized, whatever the language's precedence. */
export function printCondition(expr: Expr, syntax: ConditionSyntax): string {
  const print = (node: Expr, negated: boolean): Printed => {
    if (node.kind === 'and' || node.kind === 'or' || node.kind === 'not') {
      const atom = syntax.whole?.(node, negated);
      if (atom !== undefined) return { text: atom, compound: false };
    }
    switch (node.kind) {
      case 'and':
      case 'or': {
        const operands: OrOperand[] =
          node.kind === 'or' && syntax.groupOr ? syntax.groupOr(node.children, negated) : node.children;
        if (operands.length === 0) return { text: syntax.constant(node.kind === 'and'), compound: false };
        const printed = operands.map((o) =>
          'printed' in o ? { text: o.printed, compound: false } : print(o, negated),
        );
        if (printed.length === 1) return printed[0]!;
        const texts = printed.map((p) => (p.compound ? `(${p.text})` : p.text));
        return { text: texts.join(node.kind === 'and' ? syntax.and : syntax.or), compound: true };
      }
      case 'not': {
        const child = print(node.child, !negated);
        return { text: syntax.not(child.text, child.compound), compound: false };
      }
      case 'const':
        return { text: syntax.constant(node.value), compound: false };
      default:
        return { text: syntax.leaf(node, negated), compound: false };
    }
  };
  return print(expr, false).text;
}
