// Which rule groups' gates hold for an event, found from the equality conjuncts that are true, not group by group.
import type { EventView } from '../event-view.js';
import type { GatesSpec } from '../native/screen-spec.js';
import { lookupGates } from './gate-fields.js';
import { GateTable, GateTableBuilder } from './gates.js';
import type { GateConjunct } from './shared-conjuncts.js';

/** A branch of a group's gate, keyed by one of its conjuncts; `rest` must hold as well. */
interface KeyedBranch {
  group: number;
  rest: Int32Array;
}

/** Which groups' gates hold for the current event (built from the plain data `groupByGate` gives). */
export class GroupGates {
  private readonly table: GateTable;
  /** Conjunct id → branches it keys. */
  private readonly byKey: (KeyedBranch[] | undefined)[] = [];
  private readonly ungated: Int32Array;
  readonly passed: Uint8Array;
  /** Groups whose gate holds for the current event. */
  readonly open: Int32Array;
  openCount = 0;

  constructor(spec: GatesSpec) {
    this.table = new GateTable(spec.lookups, spec.conjuncts);
    for (const { key, group, rest } of spec.keyed) {
      this.byKey[key] ??= [];
      this.byKey[key].push({ group, rest });
    }
    this.ungated = spec.ungated;
    this.passed = new Uint8Array(spec.groups);
    this.open = new Int32Array(spec.groups);
  }

  private allHold(ids: Int32Array): boolean {
    for (let i = 0; i < ids.length; i++) if (!this.table.holds(ids[i]!)) return false;
    return true;
  }

  private pass(group: number): void {
    this.passed[group] = 1;
    this.open[this.openCount++] = group;
  }

  /** Settles `passed` and `open` for the event. */
  evaluate(view: EventView): void {
    for (let i = 0; i < this.openCount; i++) this.passed[this.open[i]!] = 0; // the last event's open groups
    this.openCount = 0;
    this.table.begin(view);
    for (let i = 0; i < this.ungated.length; i++) this.pass(this.ungated[i]!);
    const { trueIds, trueCount } = this.table;
    for (let i = 0; i < trueCount; i++) {
      const keyed = this.byKey[trueIds[i]!];
      if (keyed === undefined) continue;
      for (let k = 0; k < keyed.length; k++) {
        const { group, rest } = keyed[k]!;
        if (!this.passed[group] && this.allHold(rest)) this.pass(group);
      }
    }
  }
}

/** Slots grouped by their gate (the same conjuncts in the same branches): each slot's group and the groups' gates. */
export interface GateGroups {
  groupOf: Int32Array;
  gates: GatesSpec;
}

/**
 * The groups' gates as plain data: each branch (conjunct ids, one must hold, none empty) keyed by its conjunct shared
 * by the fewest branches, the likeliest to be false; `branches[group]` null: no gate.
 */
function gatesSpec(branches: readonly (number[][] | null)[], table: GateTableBuilder): GatesSpec {
  const branchesWith = new Map<number, number>();
  for (const id of branches.flatMap((gate) => gate ?? []).flat())
    branchesWith.set(id, (branchesWith.get(id) ?? 0) + 1);
  const rarestKey = (branch: number[]) =>
    branch.reduce((best, id) => (branchesWith.get(id)! < branchesWith.get(best)! ? id : best));
  const byKey: { group: number; rest: number[] }[][] = [];
  const ungated: number[] = [];
  branches.forEach((gate, group) => {
    if (gate === null) {
      ungated.push(group);
      return;
    }
    for (const branch of gate) {
      const key = rarestKey(branch);
      byKey[key] ??= [];
      byKey[key].push({ group, rest: branch.filter((id) => id !== key) });
    }
  });
  return {
    groups: branches.length,
    conjuncts: table.conjuncts,
    lookups: table.lookupSpecs(),
    keyed: byKey.flatMap(
      (keyed, key) => keyed?.map(({ group, rest }) => ({ key, group, rest: Int32Array.from(rest) })) ?? [],
    ),
    ungated: Int32Array.from(ungated),
  };
}

/**
 * Groups the slots by gate (`gates[slot]`, see `ruleGates`), checking only the conjuncts `lookupGates` keeps of each
 * branch (a branch with none always holds); the numbering depends only on the gates given.
 */
export function groupByGate(gates: readonly (GateConjunct[][] | null)[]): GateGroups {
  const table = new GateTableBuilder();
  const bySignature = new Map<string, { branches: number[][] | null; slots: number[] }>();
  lookupGates(gates).forEach((gate, slot) => {
    const indexed = gate?.map((branch) => [...new Set(branch.map((c) => table.id(c)))].sort((a, b) => a - b));
    const branches = indexed && !indexed.some((branch) => branch.length === 0) ? indexed : null;
    const signature = branches ? JSON.stringify(branches) : '';
    const entry = bySignature.get(signature) ?? { branches, slots: [] };
    entry.slots.push(slot);
    bySignature.set(signature, entry);
  });
  const groupOf = new Int32Array(gates.length);
  const groups = [...bySignature.values()];
  groups.forEach(({ slots }, group) => {
    for (const slot of slots) groupOf[slot] = group;
  });
  return {
    groupOf,
    gates: gatesSpec(
      groups.map((g) => g.branches),
      table,
    ),
  };
}
