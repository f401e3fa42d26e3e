// The literal atoms a compiled rule cannot be true without: for some field, a folded value must contain one of them.
import type { Expr } from '../../ir/expr.js';
import type { Matcher } from '../../ir/matcher.js';
import { foldText } from './case-fold.js';
import { mostSelective } from './need.js';
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
      return mostSelective(
        parts.filter((t) => t).map((t) => [t]),
        (t) => t.length,
      );
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

/** What `expr` needs to be true, in either two- or three-valued logic (true needs the same in both). */
export function exprNeed(expr: Expr): AtomNeed {
  switch (expr.kind) {
    case 'match': {
      if (expr.transform) return null;
      return matcherLiterals(expr.matcher)?.map((text) => ({ field: expr.field, text })) ?? null;
    }
    case 'keyword':
      return matcherLiterals(expr.matcher)?.map((text) => ({ field: null, text })) ?? null;
    case 'and': {
      const needs = expr.children.map(exprNeed).filter((n): n is Atom[] => n !== null);
      return mostSelective(needs, (a) => a.text.length);
    }
    case 'or': {
      const needs = expr.children.map(exprNeed);
      if (needs.some((n) => n === null)) return null;
      return dedupe((needs as Atom[][]).flat());
    }
    case 'const':
      return expr.value ? null : [];
    default:
      return null;
  }
}
