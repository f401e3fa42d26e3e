// Symbols and classes for the automata: folded characters numbered per schema, then per field into few classes.
import { OTHER_CLASS, SKIP_CLASS } from './aho-corasick.js';
import { foldTable, SKIP } from './case-fold.js';

/** Symbol of characters that occur in no atom, and of ignored characters. */
const OTHER_SYMBOL = 0;
const SKIP_SYMBOL = 1;

/** The largest class count of one field's automaton; rarer characters share its last class. */
export const MAX_CLASSES = 96;

/** Code unit → symbol for one schema: each folded character occurring in some atom gets its own symbol. */
export class SymbolTable {
  readonly symbols = new Uint16Array(0x10000);
  private readonly byUnit = new Map<number, number>();

  constructor(atomTexts: Iterable<string>) {
    for (const text of atomTexts)
      for (let i = 0; i < text.length; i++) {
        const unit = text.charCodeAt(i);
        if (!this.byUnit.has(unit)) this.byUnit.set(unit, this.byUnit.size + 2);
      }
    const fold = foldTable();
    for (let unit = 0; unit < 0x10000; unit++) {
      const folded = fold[unit]!;
      this.symbols[unit] = folded === SKIP ? SKIP_SYMBOL : (this.byUnit.get(folded) ?? OTHER_SYMBOL);
    }
  }

  get size(): number {
    return this.byUnit.size + 2;
  }

  /** Symbol of a folded atom character. */
  of(foldedUnit: number): number {
    return this.byUnit.get(foldedUnit)!;
  }
}

/**
 * Symbol → class for one field: characters get classes of their own, ASCII first (logs are mostly ASCII), then the
 * most frequent in the atoms; the rest share one class, so a run of rare characters in an atom stays rare in text.
 */
export function fieldClasses(
  table: SymbolTable,
  atomTexts: readonly string[],
): { classes: Uint8Array; width: number } {
  const counts = new Map<number, number>();
  for (const text of atomTexts)
    for (let i = 0; i < text.length; i++) {
      const symbol = table.of(text.charCodeAt(i));
      counts.set(symbol, (counts.get(symbol) ?? 0) + 1);
    }
  const ascii = new Set<number>();
  for (const text of atomTexts)
    for (let i = 0; i < text.length; i++)
      if (text.charCodeAt(i) < 0x80) ascii.add(table.of(text.charCodeAt(i)));
  const rank = (symbol: number) => (ascii.has(symbol) ? 0 : 1);
  const ranked = [...counts.keys()].sort(
    (a, b) => rank(a) - rank(b) || counts.get(b)! - counts.get(a)! || a - b,
  );
  const classes = new Uint8Array(table.size);
  classes[OTHER_SYMBOL] = OTHER_CLASS;
  classes[SKIP_SYMBOL] = SKIP_CLASS;
  const own = Math.min(ranked.length, MAX_CLASSES - 2);
  ranked.forEach((symbol, rank) => {
    classes[symbol] = 2 + Math.min(rank, own - 1);
  });
  return { classes, width: 2 + own };
}
