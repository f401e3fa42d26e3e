// Detections for prefilter plan tests: two rules with distinctive atoms among fifty unrelated ones.
import { planPrefilter } from '../../src/engine/prefilter/prefilter-plan.js';
import type { SchemaPlan } from '../../src/engine/schema-plan.js';
import type { Expr } from '../../src/ir/expr.js';

export const planDetections: Expr[] = [
  {
    kind: 'match',
    field: 'CommandLine',
    matcher: { kind: 'string', op: 'contains', value: 'mimikatz', caseSensitive: false },
  },
  {
    kind: 'keyword',
    matcher: { kind: 'string', op: 'contains', value: '\\perfc.dat', caseSensitive: false },
  },
  // Unrelated rules, so the cost model (which judges atoms by how few rules share them) takes the atoms above.
  ...Array.from(
    { length: 50 },
    (_, i): Expr => ({
      kind: 'match',
      field: 'Other',
      matcher: { kind: 'string', op: 'equals', value: `unrelated value ${i}`, caseSensitive: false },
    }),
  ),
];

/** An event both distinctive rules (slots 0 and 1) match. */
export const planEvent = { CommandLine: 'C:\\x\\MimiKatz.exe', Other: 'C:\\Windows\\perfc.dat' };

/** A schema plan whose slots are the detections above. */
export function planOfDetections(): SchemaPlan {
  return {
    slots: Int32Array.from(planDetections.keys()),
    skipped: [],
    prefilter: planPrefilter(planDetections, new Map(), new Map()),
  };
}
