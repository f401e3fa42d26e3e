// What each rule cost a hunt, per schema: how often the prefilter named it a candidate, its matches and time.
import type { EventView } from './event-view.js';
import type { SchemaRules } from './rule-set.js';

/** One rule's figures on one schema, as threads exchange them (plain data). */
export interface RuleCost {
  /** Index of the rule in the rule set. */
  rule: number;
  /** Events the rule was evaluated on (the prefilter named it a candidate). */
  evaluations: number;
  matches: number;
  /** Milliseconds spent evaluating it (timer overhead included; compiling it on first use not). */
  ms: number;
  /** The prefilter found no literal to look for: the rule is evaluated on every event its log source allows. */
  noAtom: boolean;
}

/** One schema's figures. */
export interface SchemaCost {
  schema: string;
  events: number;
  /** Milliseconds spent finding candidates (gates and field scans), and evaluating them. */
  prefilterMs: number;
  evaluationMs: number;
  /** Rules evaluated at least once. */
  rules: RuleCost[];
}

/** Counters of one compiled schema, by slot. */
class SchemaCounters {
  events = 0;
  prefilterMs = 0;
  readonly evaluations: Float64Array;
  readonly matches: Float64Array;
  readonly ms: Float64Array;

  constructor(readonly entry: SchemaRules) {
    const slots = entry.compiled.length;
    this.evaluations = new Float64Array(slots);
    this.matches = new Float64Array(slots);
    this.ms = new Float64Array(slots);
  }

  cost(): SchemaCost {
    const rules: RuleCost[] = [];
    let evaluationMs = 0;
    this.evaluations.forEach((evaluations, slot) => {
      if (evaluations === 0) return;
      evaluationMs += this.ms[slot]!;
      rules.push({
        rule: this.entry.compiled[slot]!.index,
        evaluations,
        matches: this.matches[slot]!,
        ms: this.ms[slot]!,
        noAtom: this.entry.prefilter.needsNoAtom(slot),
      });
    });
    return {
      schema: this.entry.schema.name,
      events: this.events,
      prefilterMs: this.prefilterMs,
      evaluationMs,
      rules,
    };
  }
}

/** Adds `from`'s figures to `into` (same schema). */
function addCost(into: SchemaCost, from: SchemaCost): void {
  into.events += from.events;
  into.prefilterMs += from.prefilterMs;
  into.evaluationMs += from.evaluationMs;
  const byRule = new Map(into.rules.map((cost) => [cost.rule, cost]));
  for (const cost of from.rules) {
    const known = byRule.get(cost.rule);
    if (!known) into.rules.push({ ...cost });
    else {
      known.evaluations += cost.evaluations;
      known.matches += cost.matches;
      known.ms += cost.ms;
    }
  }
}

/** Figures of every schema, from any number of threads' `RuleCosts.costs()`. */
export function mergeCosts(parts: readonly (readonly SchemaCost[])[]): SchemaCost[] {
  const bySchema = new Map<string, SchemaCost>();
  for (const part of parts)
    for (const cost of part) {
      const known = bySchema.get(cost.schema);
      if (known) addCost(known, cost);
      else bySchema.set(cost.schema, { ...cost, rules: cost.rules.map((rule) => ({ ...rule })) });
    }
  return [...bySchema.values()];
}

/** Counts what matching costs on one thread; `matchingRules` with timers around each step. */
export class RuleCosts {
  private readonly bySchema = new Map<SchemaRules, SchemaCounters>();

  /** As `matchingRules`, counting and timing the prefilter and each candidate's evaluation. */
  matchingRules(entry: SchemaRules, view: EventView): number[] {
    let counters = this.bySchema.get(entry);
    if (!counters) {
      counters = new SchemaCounters(entry);
      this.bySchema.set(entry, counters);
    }
    counters.events++;
    const found = performance.now();
    const candidates = entry.prefilter.candidates(view);
    counters.prefilterMs += performance.now() - found;
    const matches: number[] = [];
    for (let i = 0; i < candidates.length; i++) {
      const slot = candidates[i]!;
      const compiled = entry.compiled[slot]!;
      const predicate = compiled.prepare(); // compiled on first use: not a cost of each evaluation
      const started = performance.now();
      const matched = predicate(view) === true;
      counters.ms[slot] = counters.ms[slot]! + performance.now() - started;
      counters.evaluations[slot] = counters.evaluations[slot]! + 1;
      if (matched) {
        counters.matches[slot] = counters.matches[slot]! + 1;
        matches.push(compiled.index);
      }
    }
    if (matches.length > 1) matches.sort((a, b) => a - b);
    return matches;
  }

  /** The figures so far, per schema. */
  costs(): SchemaCost[] {
    return [...this.bySchema.values()].map((counters) => counters.cost());
  }
}
