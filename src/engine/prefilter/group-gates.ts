// Which rule groups' gates hold for an event, found from the equality conjuncts that are true, not group by group.
import type { EventView } from '../event-view.js';
import type { GatesSpec } from '../native/screen-spec.js';
import { lookupGates } from './gate-fields.js';
import { GateTable } from './gates.js';
import type { GateConjunct } from './shared-conjuncts.js';

/** A branch of a group's gate, keyed by one of its conjuncts; `rest` must hold as well. */
interface KeyedBranch {
  group: number;
  rest: number[];
}

export class GroupGates {
  /** Conjunct id → branches it keys. */
  private readonly byKey: (KeyedBranch[] | undefined)[] = [];
  private readonly ungated: number[] = [];
  readonly passed: Uint8Array;
  /** Groups whose gate holds for the current event. */
  readonly open: Int32Array;
  openCount = 0;

  /** `branches[group]`: conjunct ids per branch of the group's gate (one must hold, none empty); null: no gate. */
  constructor(
    branches: readonly (number[][] | null)[],
    private readonly table: GateTable,
  ) {
    const branchesWith = new Map<number, number>();
    for (const id of branches.flatMap((gate) => gate ?? []).flat())
      branchesWith.set(id, (branchesWith.get(id) ?? 0) + 1);
    /** The branch's conjunct shared by the fewest branches: the likeliest to be false. */
    const rarestKey = (branch: number[]) =>
      branch.reduce((best, id) => (branchesWith.get(id)! < branchesWith.get(best)! ? id : best));
    branches.forEach((gate, group) => {
      if (gate === null) {
        this.ungated.push(group);
        return;
      }
      for (const branch of gate) {
        const key = rarestKey(branch);
        this.byKey[key] ??= [];
        this.byKey[key].push({ group, rest: branch.filter((id) => id !== key) });
      }
    });
    this.passed = new Uint8Array(branches.length);
    this.open = new Int32Array(branches.length);
  }

  /** The gates as plain data, for native screening. */
  spec(): GatesSpec {
    return {
      conjuncts: this.table.conjuncts,
      lookups: this.table.lookupSpecs(),
      keyed: this.byKey.flatMap(
        (branches, key) =>
          branches?.map(({ group, rest }) => ({ key, group, rest: Int32Array.from(rest) })) ?? [],
      ),
      ungated: Int32Array.from(this.ungated),
    };
  }

  private allHold(ids: readonly number[]): boolean {
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
  gates: GroupGates;
}

/**
 * Groups the slots by gate (`gates[slot]`, see `ruleGates`), checking only the conjuncts `lookupGates` keeps of each
 * branch (a branch with none always holds); the numbering depends only on the gates given.
 */
export function groupByGate(gates: readonly (GateConjunct[][] | null)[]): GateGroups {
  const table = new GateTable();
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
    gates: new GroupGates(
      groups.map((g) => g.branches),
      table,
    ),
  };
}
