// The literal atoms a compiled rule cannot be true without: for some field, a folded value must contain one of them.
import { type Expr, walkExpr } from '../../ir/expr.js';
import type { Matcher } from '../../ir/matcher.js';
import { foldText } from './case-fold.js';
import { cheapest } from './need.js';
import { regexLiterals } from './regex-literals.js';

/** Folded text that some value of `field` (of any field, for fieldless keyword search) must contain. */
export interface Atom {
  field: string | null;
  text: string;
}

/** Alternatives one of which is present whenever the expression is true; null: no such guarantee; []: never true. */
export type AtomNeed = Atom[] | null;

/** Folded literals one of which a value's text contains whenever the matcher accepts it. */
function matcherLiterals(matcher: Matcher): string[] | null {
  switch (matcher.kind) {
    case 'string': {
      const text = foldText(matcher.value);
      return text ? [text] : null;
    }
    case 'wildcard': {
      const parts = matcher.parts.flatMap((p) => (p.type === 'literal' ? [foldText(p.text)] : []));
      return parts
        .filter((t) => t)
        .sort((a, b) => b.length - a.length)
        .slice(0, 1);
    }
    case 'regex': {
      const literals = regexLiterals(matcher.pattern)?.map(foldText);
      return literals?.every((t) => t) ? [...new Set(literals)] : null;
    }
    case 'placeholder':
      return [];
    default:
      return null;
  }
}

function dedupe(atoms: Atom[]): Atom[] {
  const seen = new Map<string, Atom>();
  for (const atom of atoms) seen.set(`${atom.field ?? ''}\u0000${atom.text}`, atom);
  return [...seen.values()];
}

/** The need of one match or keyword test: one of the matcher's literals in the field (any field: null). */
function leafNeed(field: string | null, matcher: Matcher): AtomNeed {
  return matcherLiterals(matcher)?.map((text) => ({ field, text })) ?? null;
}

/** Every literal the expression mentions, negated or not (folded). */
export function literalsOf(expr: Expr): string[] {
  const out: string[] = [];
  walkExpr(expr, (node) => {
    if (node.kind === 'match' || node.kind === 'keyword') out.push(...(matcherLiterals(node.matcher) ?? []));
  });
  return out;
}

/** Every atom of a match or keyword test that is not under a negation: what the expression looks for. */
export function positiveAtoms(expr: Expr): Atom[] {
  switch (expr.kind) {
    case 'match':
      return expr.transform ? [] : (leafNeed(expr.field, expr.matcher) ?? []);
    case 'keyword':
      return leafNeed(null, expr.matcher) ?? [];
    case 'and':
    case 'or':
      return expr.children.flatMap(positiveAtoms);
    default:
      return [];
  }
}

/**
 * What `expr` needs to be true, in either two- or three-valued logic (true needs the same in both). Of the
 * children of an AND, the need with the lowest summed `cost` (chance of an atom occurring by accident) is kept.
 */
export function exprNeed(expr: Expr, cost: (atom: Atom) => number): AtomNeed {
  switch (expr.kind) {
    case 'match':
      return expr.transform ? null : leafNeed(expr.field, expr.matcher);
    case 'keyword':
      return leafNeed(null, expr.matcher);
    case 'and': {
      const needs = expr.children.map((c) => exprNeed(c, cost)).filter((n): n is Atom[] => n !== null);
      return cheapest(needs, cost);
    }
    case 'or': {
      const needs = expr.children.map((c) => exprNeed(c, cost));
      if (needs.some((n) => n === null)) return null;
      return dedupe((needs as Atom[][]).flat());
    }
    case 'const':
      return expr.value ? null : [];
    default:
      return null;
  }
}
