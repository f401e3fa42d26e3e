// The Aho-Corasick automaton reports exactly the patterns that occur in a text, overlapping ones included.
import { describe, expect, it } from 'vitest';
import { Prng } from '../../bench/prng.js';
import {
  AhoCorasick,
  buildAutomaton,
  OTHER_CLASS,
  SKIP_CLASS,
} from '../../src/engine/prefilter/aho-corasick.js';
import { found } from '../helpers/class-scan.js';

function occurs(pattern: number[], text: number[]): boolean {
  const plain = text.filter((c) => c !== SKIP_CLASS);
  for (let i = 0; i + pattern.length <= plain.length; i++)
    if (pattern.every((c, k) => plain[i + k] === c)) return true;
  return false;
}

describe('AhoCorasick', () => {
  // Patterns of three or more classes make the scan jump over text in no pattern; with room for few rows, states
  // below the first ones are kept as child lists with failure links (as in large automata).
  it.each([
    [1, 1 << 15],
    [3, 1 << 15],
    [1, 6],
    [3, 12],
  ])(
    'finds the same patterns as a naive search (random patterns of %i+ classes and texts, %i row entries)',
    (shortest, denseEntries) => {
      const rng = new Prng(7);
      const width = 6;
      for (let round = 0; round < 400; round++) {
        const patterns = Array.from({ length: rng.int(1, 12) }, () =>
          Array.from({ length: rng.int(shortest, shortest + 4) }, () => rng.int(2, width - 1)),
        );
        const tables = buildAutomaton(
          patterns.map((classes, i) => ({ classes, payloads: [i] })),
          width,
          { allDense: 0, denseEntries },
        );
        if (denseEntries < width * 3) expect(tables.dense).toBeLessThan(3);
        const automaton = new AhoCorasick(tables);
        const text = Array.from({ length: rng.int(0, 40) }, () => rng.int(0, width - 1));
        const expected = patterns.flatMap((p, i) => (occurs(p, text) ? [i] : []));
        expect(found(automaton, text, width)).toEqual(expected);
      }
    },
  );

  it.each([1 << 15, 5])(
    'reports every payload of a pattern and of patterns ending inside it (%i row entries)',
    (denseEntries) => {
      const automaton = new AhoCorasick(
        buildAutomaton(
          [
            { classes: [2, 3, 4], payloads: [10, 11] },
            { classes: [3, 4], payloads: [12] },
            { classes: [4], payloads: [13] },
          ],
          5,
          { allDense: 0, denseEntries },
        ),
      );
      expect(found(automaton, [2, 3, 4], 5)).toEqual([10, 11, 12, 13]);
      expect(found(automaton, [2, 3, OTHER_CLASS, 4], 5)).toEqual([13]);
      expect(found(automaton, [2, SKIP_CLASS, 3, 4], 5)).toEqual([10, 11, 12, 13]);
      expect(found(automaton, [2, 3, SKIP_CLASS, SKIP_CLASS, 4], 5)).toEqual([10, 11, 12, 13]);
    },
  );
});
