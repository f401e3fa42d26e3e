// Which gate conjuncts are worth a field lookup for every event: those a branch needs to be found selectively.
import { fieldsOf } from '../../ir/expr.js';
import type { EventPredicate } from '../compile-expr.js';
import { isIndexable } from './gates.js';
import type { GateConjunct } from './shared-conjuncts.js';

/**
 * A conjunct shared by at most this many branches is a selective enough key: when it is true, the branches it keys
 * are few enough to check (see `GroupGates`). Measured with both corpora: 64 kept more fields than paid, 1,024 left
 * keys such as `process.name` out and cost more than it saved.
 */
const SELECTIVE_BRANCHES = 256;

type Gate = GateConjunct[][] | null;

/**
 * The gates with only the conjuncts lookups settle (see `isIndexable`) on fields worth reading for every event. Fields
 * are taken from the most shared down; a field is left out when every branch testing it has, on fields already
 * taken, a conjunct shared by at most SELECTIVE_BRANCHES branches, a key as good. With the Elastic rules that leaves
 * out 18 of 40 fields (file, network, registry, cloud and Kubernetes fields among them), with SigmaHQ's Sysmon events
 * 3 of 7 (`Details`, `Initiated`, `Provider_Name`); each is a read of the field for every event, mostly of a field
 * the event does not have. A branch keeps at least its conjuncts on its most shared field, and every gate stays a
 * necessary condition of its rule.
 */
export function lookupGates(gates: readonly Gate[]): Gate[] {
  const indexed = gates.map(
    (gate) => gate?.map((branch) => branch.filter((c) => isIndexable(c.expr))) ?? null,
  );
  const branchesWith = new Map<EventPredicate, number>();
  const fieldsOfConjunct = new Map<EventPredicate, string[]>();
  const rulesWith = new Map<string, number>();
  /** Field → the branches testing it. */
  const testing = new Map<string, GateConjunct[][]>();
  for (const gate of indexed) {
    if (!gate) continue;
    const ruleFields = new Set<string>();
    for (const branch of gate) {
      for (const predicate of new Set(branch.map((c) => c.predicate)))
        branchesWith.set(predicate, (branchesWith.get(predicate) ?? 0) + 1);
      const branchFields = new Set<string>();
      for (const c of branch) {
        let fields = fieldsOfConjunct.get(c.predicate);
        if (!fields) {
          fields = fieldsOf(c.expr);
          fieldsOfConjunct.set(c.predicate, fields);
        }
        for (const field of fields) branchFields.add(field);
      }
      for (const field of branchFields) {
        ruleFields.add(field);
        const list = testing.get(field);
        if (list) list.push(branch);
        else testing.set(field, [branch]);
      }
    }
    for (const field of ruleFields) rulesWith.set(field, (rulesWith.get(field) ?? 0) + 1);
  }
  const kept = new Set<string>();
  const onKept = (c: GateConjunct) => fieldsOfConjunct.get(c.predicate)!.every((field) => kept.has(field));
  const selectiveKey = (branch: readonly GateConjunct[]) =>
    branch.some((c) => onKept(c) && branchesWith.get(c.predicate)! <= SELECTIVE_BRANCHES);
  const fields = [...rulesWith.keys()].sort(
    (a, b) => rulesWith.get(b)! - rulesWith.get(a)! || (a < b ? -1 : 1),
  );
  for (const field of fields) if (!testing.get(field)!.every(selectiveKey)) kept.add(field);
  return indexed.map((gate) => gate?.map((branch) => branch.filter(onKept)) ?? null);
}
