// How likely an atom is to occur in an event by accident, judged from the rules: common words, shared tests, length.
import type { Expr } from '../../ir/expr.js';
import { type AtomCost, AtomMap, isValue, literalsOf, positiveAtoms, type ValueAtom } from './atoms.js';
import { lengthCost } from './need.js';

/** An atom every rule looks for (`windows`, a category, a channel name) is taken to be in this many events. */
const SHARE_WEIGHT = 2;
/**
 * A token every rule mentions (in selections or filters: `windows`, `exe`, `:\\`) is taken to be in this many
 * events: what rules test and whitelist is what logs are full of. Tokens are runs of letters and digits, and runs
 * of other characters.
 */
const WORD_WEIGHT = 2;
/** Keyword atoms are searched in every value of an event. */
const KEYWORD_FACTOR = 8;
/** Characters outside ASCII are rare in logs: each counts as this many. */
const NON_ASCII_WEIGHT = 5;
/** A value equal to a text is rarer than one containing it: it counts as this many characters longer. */
const EXACT_BONUS = 1;
/**
 * Chance taken for a field to be present, or to hold a flag (`true`, `false`): unknown from the rules, so a filter
 * kept for want of a better one.
 */
const PRESENT_CHANCE = 0.3;

function isWordUnit(unit: number): boolean {
  return (unit >= 0x61 && unit <= 0x7a) || (unit >= 0x30 && unit <= 0x39);
}

/** The tokens of a (folded) text: runs of a-z and 0-9, and runs of other characters. */
function tokensOf(text: string): string[] {
  const tokens: string[] = [];
  let start = 0;
  for (let i = 1; i <= text.length; i++) {
    if (i === text.length || isWordUnit(text.charCodeAt(i)) !== isWordUnit(text.charCodeAt(i - 1))) {
      tokens.push(text.slice(start, i));
      start = i;
    }
  }
  return tokens;
}

function weightedLength(text: string): number {
  let length = 0;
  for (let i = 0; i < text.length; i++) length += text.charCodeAt(i) < 0x80 ? 1 : NON_ASCII_WEIGHT;
  return length;
}

/** Share of the rules whose literals contain each token (the same whatever schema the rules are mapped to). */
export function tokenShares(detections: readonly Expr[]): Map<string, number> {
  // Per token: the rules with it counted so far, and the last one (a rule counts a token once).
  const counted = new Map<string, { rules: number; last: number }>();
  const tokensOfLiteral = new Map<string, string[]>();
  detections.forEach((expr, rule) => {
    for (const literal of literalsOf(expr)) {
      let words = tokensOfLiteral.get(literal);
      if (words === undefined) {
        words = tokensOf(literal);
        tokensOfLiteral.set(literal, words);
      }
      for (const word of words) {
        const entry = counted.get(word);
        if (entry === undefined) counted.set(word, { rules: 1, last: rule });
        else if (entry.last !== rule) {
          entry.rules++;
          entry.last = rule;
        }
      }
    }
  });
  const shares = new Map<string, number>();
  for (const [word, { rules }] of counted) shares.set(word, rules / detections.length);
  return shares;
}

/** A cost function for `exprNeed` over the given (mapped) rule expressions; `tokens` from `tokenShares`. */
export function atomCostModel(detections: readonly Expr[], tokens: ReadonlyMap<string, number>): AtomCost {
  // Per atom: the rules using it counted so far, and the last one (a rule counts an atom once).
  const using = new AtomMap<{ rules: number; last: number }>();
  detections.forEach((expr, rule) => {
    for (const atom of positiveAtoms(expr)) {
      const entry = using.get(atom);
      if (entry === undefined) using.set(atom, { rules: 1, last: rule });
      else if (entry.last !== rule) {
        entry.rules++;
        entry.last = rule;
      }
    }
  });
  const known = new AtomMap<number>();
  return (atom) => {
    const cached = known.get(atom);
    if (cached !== undefined) return cached;
    const share = (using.get(atom)?.rules ?? 0) / detections.length;
    if (isValue(atom)) {
      const cost = Math.max(valueChance(atom.value), share * SHARE_WEIGHT);
      known.set(atom, cost);
      return cost;
    }
    const chance = lengthCost(weightedLength(atom.text)) * (atom.field === null ? KEYWORD_FACTOR : 1);
    let rarestWord = Number.POSITIVE_INFINITY;
    for (const word of tokensOf(atom.text)) {
      const wordShare = tokens.get(word);
      if (wordShare !== undefined) rarestWord = Math.min(rarestWord, wordShare);
    }
    const common = rarestWord === Number.POSITIVE_INFINITY ? 0 : rarestWord * WORD_WEIGHT;
    const cost = Math.max(Math.min(1, chance), share * SHARE_WEIGHT, common);
    known.set(atom, cost);
    return cost;
  };
}

/** Chance that a field has the value by accident (or, for `present`, has any value). */
function valueChance(value: ValueAtom['value']): number {
  if (
    value.kind === 'present' ||
    (value.kind === 'text' && (value.text === 'true' || value.text === 'false'))
  )
    return PRESENT_CHANCE;
  const text = value.kind === 'number' ? String(value.number) : value.text;
  return Math.min(1, lengthCost(weightedLength(text) + EXACT_BONUS));
}
