// Prints an IR boolean tree with a language's operators, adding only the parentheses precedence requires.
import type { AndExpr, Expr, NestedExpr, NotExpr, OrExpr } from '../../ir/expr.js';

export type LeafExpr = Exclude<Expr, AndExpr | OrExpr | NotExpr | NestedExpr>;

export interface BooleanSyntax {
  /** Joins operands, e.g. ` and `. */
  and: string;
  or: string;
  /** Negates an operand that is already an atom or parenthesized. */
  not: (operand: string) => string;
  leaf: (node: LeafExpr) => string;
  /** A language's own spelling of a negated leaf (EQL `x != null`), when it has one. */
  negatedLeaf?: (node: LeafExpr) => string | undefined;
  nested: (node: NestedExpr, printChild: (child: Expr) => string) => string;
  /**
   * Parenthesize every compound operand, for parsers without real precedence (Lucene's classic parser);
   * `not` must then return a self-contained group.
   */
  parenthesizeAll?: boolean;
}

enum Precedence {
  Or = 1,
  And = 2,
  Not = 3,
  Atom = 4,
}

interface Printed {
  text: string;
  precedence: Precedence;
}

export function printBoolean(expr: Expr, syntax: BooleanSyntax): string {
  const print = (node: Expr): Printed => {
    switch (node.kind) {
      case 'and':
      case 'or': {
        const precedence = node.kind === 'and' ? Precedence.And : Precedence.Or;
        // Repeated operands (`x and x`) say nothing more: each is printed once.
        const operands = [...new Set(node.children.map((child) => operand(print(child), precedence)))];
        return { text: operands.join(node.kind === 'and' ? syntax.and : syntax.or), precedence };
      }
      case 'not': {
        const own = isLeaf(node.child) ? syntax.negatedLeaf?.(node.child) : undefined;
        if (own !== undefined) return { text: own, precedence: Precedence.Atom };
        return {
          text: syntax.not(operand(print(node.child), Precedence.Not)),
          precedence: syntax.parenthesizeAll ? Precedence.Atom : Precedence.Not,
        };
      }
      case 'nested':
        return { text: syntax.nested(node, (child) => print(child).text), precedence: Precedence.Atom };
      default:
        return { text: syntax.leaf(node), precedence: Precedence.Atom };
    }
  };
  const operand = (printed: Printed, parent: Precedence): string => {
    const needsParentheses = syntax.parenthesizeAll
      ? printed.precedence !== Precedence.Atom
      : printed.precedence < parent || (parent === Precedence.Not && printed.precedence === Precedence.Not);
    return needsParentheses ? `(${printed.text})` : printed.text;
  };
  return print(expr).text;
}

function isLeaf(expr: Expr): expr is LeafExpr {
  return expr.kind !== 'and' && expr.kind !== 'or' && expr.kind !== 'not' && expr.kind !== 'nested';
}
