// Detections for prefilter plan tests: two rules with distinctive atoms among fifty unrelated ones.
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
