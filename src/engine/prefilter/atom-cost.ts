// How likely an atom is to occur in an event by accident: looked for by many rules (a logsource value), or short.
import type { Expr } from '../../ir/expr.js';
import { type Atom, positiveAtoms } from './atoms.js';
import { lengthCost } from './need.js';

/** An atom every rule looks for is taken to be in this many events (`windows`, a category, a channel name). */
const SHARE_WEIGHT = 2;
/** Keyword atoms are searched in every value of an event. */
const KEYWORD_FACTOR = 8;
/** Characters outside ASCII are rare in logs: each counts as this many. */
const NON_ASCII_WEIGHT = 5;

function keyOf(atom: Atom): string {
  return `${atom.field ?? ''}\u0000${atom.text}`;
}

function weightedLength(text: string): number {
  let length = 0;
  for (let i = 0; i < text.length; i++) length += text.charCodeAt(i) < 0x80 ? 1 : NON_ASCII_WEIGHT;
  return length;
}

/** A cost function for `exprNeed` over the given rule expressions. */
export function atomCostModel(detections: readonly Expr[]): (atom: Atom) => number {
  const rulesUsing = new Map<string, number>();
  for (const expr of detections)
    for (const key of new Set(positiveAtoms(expr).map(keyOf)))
      rulesUsing.set(key, (rulesUsing.get(key) ?? 0) + 1);
  return (atom) => {
    const share = (rulesUsing.get(keyOf(atom)) ?? 0) / detections.length;
    const chance = lengthCost(weightedLength(atom.text)) * (atom.field === null ? KEYWORD_FACTOR : 1);
    return Math.max(Math.min(1, chance), share * SHARE_WEIGHT);
  };
}
