// The gram index reports exactly the long patterns that occur in a text, as the automaton of the same patterns does.
import { describe, expect, it } from 'vitest';
import { Prng } from '../../bench/prng.js';
import { compileExpr } from '../../src/engine/compile-expr.js';
import { EventView } from '../../src/engine/event-view.js';
import {
  AhoCorasick,
  buildAutomaton,
  OTHER_CLASS,
  SKIP_CLASS,
} from '../../src/engine/prefilter/aho-corasick.js';
import { tokenShares } from '../../src/engine/prefilter/atom-cost.js';
import { buildGramIndex, GRAM, GramIndex } from '../../src/engine/prefilter/gram-index.js';
import { Prefilter } from '../../src/engine/prefilter/prefilter.js';
import { planPrefilter } from '../../src/engine/prefilter/prefilter-plan.js';
import type { Expr } from '../../src/ir/expr.js';
import { found } from '../helpers/class-scan.js';

describe('GramIndex', () => {
  it.each([
    [3, 400],
    [8, 40],
    [95, 40],
  ])(
    'finds the same patterns as an automaton (%i classes, %i random patterns and texts)',
    (classCount, size) => {
      const rng = new Prng(11);
      const width = classCount + 2;
      for (let round = 0; round < 300; round++) {
        const patterns = Array.from({ length: rng.int(1, size) }, (_, i) => ({
          classes: Array.from({ length: rng.int(GRAM, GRAM + 4) }, () => rng.int(2, width - 1)),
          payloads: [i, 1000 + (i % 7)],
        }));
        // Texts made of pieces of the patterns, with ignored and unknown characters between and inside them.
        const text: number[] = [];
        while (text.length < rng.int(0, 60)) {
          const piece = patterns[rng.int(0, patterns.length - 1)]!.classes;
          const from = rng.int(0, piece.length - 1);
          for (const cls of piece.slice(from, rng.int(from, piece.length))) {
            text.push(cls);
            if (rng.int(0, 9) === 0) text.push(SKIP_CLASS);
          }
          if (rng.int(0, 3) === 0) text.push(rng.int(0, 1) ? OTHER_CLASS : rng.int(2, width - 1));
        }
        const automaton = new AhoCorasick(buildAutomaton(patterns, width));
        expect(found(new GramIndex(buildGramIndex(patterns)), text, width)).toEqual(
          found(automaton, text, width),
        );
      }
    },
  );

  it('reports every payload of patterns sharing a first window, and overlapping ones', () => {
    const index = new GramIndex(
      buildGramIndex([
        { classes: [2, 3, 4, 5], payloads: [10] },
        { classes: [2, 3, 4, 5, 6], payloads: [11, 12] },
        { classes: [3, 4, 5, 6], payloads: [13] },
      ]),
    );
    expect(found(index, [2, 3, 4, 5, 6], 7)).toEqual([10, 11, 12, 13]);
    expect(found(index, [2, 3, SKIP_CLASS, 4, 5], 7)).toEqual([10]);
    expect(found(index, [2, 3, OTHER_CLASS, 4, 5, 6], 7)).toEqual([]);
    expect(found(index, [2, 3, 4], 7)).toEqual([]);
  });

  it('refuses a pattern shorter than its window', () => {
    expect(() => buildGramIndex([{ classes: [2, 3, 4], payloads: [0] }])).toThrow(/3 classes/);
  });
});

/** Words of mixed case and non-ASCII letters folding to ASCII ones (ſ to s, the Kelvin sign to k, İ to i̇). */
const LETTERS = ['a', 'B', 'c', 'S', 'ſ', 'k', '\u212a', 'İ', 'i', '-', '\\', '.', 'é', 'Σ'];

function word(rng: Prng, length: number): string {
  return Array.from({ length }, () => rng.pick(LETTERS)).join('');
}

describe('prefilter with a gram index', () => {
  it('scans a field and keywords with many long literals through gram indexes and keeps every rule that holds', () => {
    const rng = new Prng(5);
    const words = Array.from({ length: 300 }, (_, i) => word(rng, 3 + (i % 8)));
    const detections: Expr[] = words.map((value, i) =>
      i % 2 === 0
        ? { kind: 'keyword', matcher: { kind: 'string', op: 'contains', value, caseSensitive: false } }
        : {
            kind: 'match',
            field: 'CommandLine',
            matcher: {
              kind: 'string',
              op: i % 4 === 1 ? 'contains' : 'endswith',
              value,
              caseSensitive: i % 7 === 0,
            },
          },
    );
    const plan = planPrefilter(detections, new Map(), tokenShares(detections));
    const commandLine = plan.scanners.find((scanner) => scanner.field === 'CommandLine')!;
    expect(commandLine.grams).toBeDefined();
    expect(plan.scanners.some((scanner) => scanner.field === null && scanner.grams !== undefined)).toBe(true);
    const prefilter = new Prefilter(plan);
    const predicates = detections.map((detection) => compileExpr(detection, 'boolean', new Map()));
    let holding = 0;
    let candidates = 0;
    for (let n = 0; n < 400; n++) {
      const pieces = Array.from({ length: rng.int(1, 4) }, () => {
        const piece = rng.pick(words);
        const cased = rng.chance(0.3) ? piece.toUpperCase() : rng.chance(0.3) ? piece.toLowerCase() : piece;
        return rng.chance(0.2) ? cased.slice(1) : cased;
      });
      const event = { CommandLine: pieces.join(rng.pick(['', ' ', 'ſ'])), Other: rng.pick(words) };
      const view = new EventView(event);
      const found = new Set(prefilter.candidates(view));
      candidates += found.size;
      predicates.forEach((predicate, slot) => {
        if (predicate(view) !== true) return;
        holding++;
        expect(found, `rule ${slot} (${words[slot]}) holds for ${JSON.stringify(event)}`).toContain(slot);
      });
    }
    expect(holding).toBeGreaterThan(400);
    expect(candidates).toBeLessThan(0.2 * detections.length * 400); // and it filters
  });
});
