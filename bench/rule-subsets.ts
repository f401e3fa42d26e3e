// The rule sets a benchmark run uses: each corpus in a seeded random order, so the first N rules are a fair sample.
import type { Rule } from '../src/ir/rule.js';
import { Prng } from './prng.js';

/** The rules in a reproducible shuffled order. */
export function shuffled(rules: readonly Rule[], seed: number): Rule[] {
  const rng = new Prng(seed);
  const out = [...rules];
  for (let i = out.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** 1, 10, 100, 1000 and all rules (sizes not below the total are left out). */
export function subsetSizes(total: number): number[] {
  return [...[1, 10, 100, 1000].filter((n) => n < total), total];
}
