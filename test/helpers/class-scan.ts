// Scans of class sequences for automaton and gram index tests: code unit n has class n.
import type { HitSink } from '../../src/engine/prefilter/aho-corasick.js';

/** Identity symbol table over the classes 0..width-1 (code unit n has class n). */
function identity(width: number): { symbols: Uint16Array; classes: Uint8Array } {
  const symbols = new Uint16Array(0x10000);
  const classes = new Uint8Array(width + 1);
  for (let c = 0; c < width; c++) {
    symbols[c] = c;
    classes[c] = c;
  }
  return { symbols, classes };
}

/** A scanner of texts for patterns (`AhoCorasick`, `GramIndex`). */
interface PatternScanner {
  scan(text: string, symbols: Uint16Array, classes: Uint8Array, sink: HitSink): void;
}

/** The distinct payloads the scanner reports for a text of classes, sorted. */
export function found(scanner: PatternScanner, text: number[], width: number): number[] {
  const { symbols, classes } = identity(width);
  const hits = new Set<number>();
  scanner.scan(String.fromCharCode(...text), symbols, classes, { hit: (p) => hits.add(p) });
  return [...hits].sort((a, b) => a - b);
}
