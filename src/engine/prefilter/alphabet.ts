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
  /** Number of symbols, the two reserved ones included. */
  readonly size: number;

  constructor(atomTexts: Iterable<string>) {
    const ofFolded = new Uint16Array(0x10000); // 0: no symbol yet
    let size = 2;
    for (const text of atomTexts)
      for (let i = 0; i < text.length; i++) {
        const unit = text.charCodeAt(i);
        if (ofFolded[unit] === 0) ofFolded[unit] = size++;
      }
    const fold = foldTable();
    for (let unit = 0; unit < 0x10000; unit++) {
      const folded = fold[unit]!;
      this.symbols[unit] = folded === SKIP ? SKIP_SYMBOL : ofFolded[folded] || OTHER_SYMBOL;
    }
    this.size = size;
  }

  /** Symbol of a folded atom character (a folded character is its own fold, so the table answers). */
  of(foldedUnit: number): number {
    return this.symbols[foldedUnit]!;
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
  const counts = new Uint32Array(table.size);
  const ascii = new Uint8Array(table.size);
  for (const text of atomTexts)
    for (let i = 0; i < text.length; i++) {
      const unit = text.charCodeAt(i);
      const symbol = table.of(unit);
      counts[symbol]!++;
      if (unit < 0x80) ascii[symbol] = 1;
    }
  const used: number[] = [];
  for (let symbol = 0; symbol < counts.length; symbol++) if (counts[symbol]) used.push(symbol);
  const rank = (symbol: number) => (ascii[symbol] ? 0 : 1);
  const ranked = used.sort((a, b) => rank(a) - rank(b) || counts[b]! - counts[a]! || a - b);
  const classes = new Uint8Array(table.size);
  classes[OTHER_SYMBOL] = OTHER_CLASS;
  classes[SKIP_SYMBOL] = SKIP_CLASS;
  const own = Math.min(ranked.length, MAX_CLASSES - 2);
  ranked.forEach((symbol, rank) => {
    classes[symbol] = 2 + Math.min(rank, own - 1);
  });
  return { classes, width: 2 + own };
}
