// A rule set compiled per event schema from its plan; each rule mapped through its pipeline and compiled on first use.
import type { Expr } from '../ir/expr.js';
import type { Rule } from '../ir/rule.js';
import { collectGarbage } from '../util/collect-garbage.js';
import { compileExpr, type EventPredicate, type Truth } from './compile-expr.js';
import type { EventView } from './event-view.js';
import { tokenShares } from './prefilter/atom-cost.js';
import type { PlanCache } from './prefilter/plan-cache.js';
import { Prefilter } from './prefilter/prefilter.js';
import {
  hasEventCondition,
  mappedDetection,
  type PlanSource,
  planSchema,
  type SchemaPlan,
} from './schema-plan.js';
import type { EventSchema } from './schemas.js';

/** The rules of a rule set by index: an array, or rules read when first asked for (see `LazyRules`). */
export type RuleList = Pick<readonly Rule[], 'length' | 'at'>;

/**
 * A rule of a schema's rule set. It is mapped for the schema and its predicate built when the prefilter first names it
 * a candidate: most rules of a large set never are on a given log source, and their mapped detections and closures
 * were most of a compiled rule set's memory.
 */
export class CompiledRule {
  private mapped: Expr | undefined;
  private compiled: EventPredicate | undefined;

  constructor(
    /** Index of the rule in the rule set. */
    readonly index: number,
    private readonly rules: RuleList,
    private readonly schema: EventSchema,
  ) {}

  get rule(): Rule {
    return this.rules.at(this.index)!;
  }

  /** The rule's detection mapped for the schema. */
  get detection(): Expr {
    this.mapped ??= mappedDetection(this.rule, this.schema);
    return this.mapped;
  }

  /** Compiles the predicate now, if it is not yet. */
  prepare(): EventPredicate {
    this.compiled ??= compileExpr(this.detection, this.rule.logic);
    return this.compiled;
  }

  predicate(view: EventView): Truth {
    return (this.compiled ?? this.prepare())(view);
  }
}

export interface SchemaRules {
  schema: EventSchema;
  compiled: CompiledRule[];
  /** Why rules do not run on this schema (no logsource mapping, other taxonomy, …): reason → rule indexes. */
  skipped: Map<string, number[]>;
  /** Finds the slots of `compiled` that may be true for an event. */
  prefilter: Prefilter;
}

/**
 * A compile this long (all SigmaHQ rules for one schema: ~1 s, ~350 MB allocated) leaves garbage as large as what it
 * keeps. V8 would collect it only when the heap reaches a limit set before the compile, and a worker's heap held it
 * until then, often for the whole hunt: a two-thread SigmaHQ hunt peaked 40–60 MB higher. One full collection right
 * after takes 80–100 ms, a tenth of such a compile; shorter compiles leave too little to be worth it.
 */
const LARGE_COMPILE_MS = 200;

export interface RuleSetOptions {
  /** Where the schemas' plans come from (default: computed here). */
  plans?: PlanSource;
  /** Where plans computed (here or by the thread `plans` names) are kept for later runs. */
  cache?: PlanCache | undefined;
  /** Collect the garbage of a large compile at once (default true; see `LARGE_COMPILE_MS`). */
  collectAfterCompile?: boolean;
}

export class RuleSet {
  private readonly bySchema = new Map<string, SchemaRules>();
  private tokens: Map<string, number> | undefined;

  constructor(
    private readonly rules: RuleList,
    private readonly options: RuleSetOptions = {},
  ) {}

  forSchema(schema: EventSchema): SchemaRules {
    let entry = this.bySchema.get(schema.name);
    if (!entry) {
      const started = performance.now();
      entry = this.compile(schema);
      this.bySchema.set(schema.name, entry);
      if (this.options.collectAfterCompile !== false && performance.now() - started >= LARGE_COMPILE_MS)
        collectGarbage();
    }
    return entry;
  }

  /** Every schema compiled so far. */
  compiledSchemas(): SchemaRules[] {
    return [...this.bySchema.values()];
  }

  /** Every rule (planning a schema reads them all). */
  private everyRule(): readonly Rule[] {
    return Array.isArray(this.rules)
      ? (this.rules as readonly Rule[])
      : Array.from({ length: this.rules.length }, (_, index) => this.rules.at(index)!);
  }

  /** Token statistics of the rules' literals, for the prefilter's atom costs: worked out once for all schemas. */
  private tokenShares(): Map<string, number> {
    this.tokens ??= tokenShares(
      this.everyRule().flatMap((rule) => (hasEventCondition(rule) ? [rule.detection!] : [])),
    );
    return this.tokens;
  }

  /** The schema's plan from `plans`, worked out here through the cache (from disk, or computed and kept). */
  private plan(schema: EventSchema): SchemaPlan {
    const { cache, plans = (_name, compute) => compute() } = this.options;
    const compute = () => planSchema(this.everyRule(), schema, () => this.tokenShares());
    return plans(schema.name, cache ? () => cache.plan(schema, compute) : compute);
  }

  private compile(schema: EventSchema): SchemaRules {
    const plan = this.plan(schema);
    return {
      schema,
      compiled: Array.from(plan.slots, (index) => new CompiledRule(index, this.rules, schema)),
      skipped: new Map(plan.skipped),
      prefilter: new Prefilter(plan.prefilter),
    };
  }
}

/** Indexes of the schema's rules whose per-event condition is true for the event, ascending. */
export function matchingRules(entry: SchemaRules, view: EventView): number[] {
  return candidateMatches(entry, view, entry.prefilter.candidates(view));
}

/** Indexes of the rules of the candidate slots (see `Prefilter.candidates`) true for the event, ascending. */
export function candidateMatches(entry: SchemaRules, view: EventView, candidates: Int32Array): number[] {
  const matches: number[] = [];
  for (let i = 0; i < candidates.length; i++) {
    const compiled = entry.compiled[candidates[i]!]!;
    if (compiled.predicate(view) === true) matches.push(compiled.index);
  }
  if (matches.length > 1) matches.sort((a, b) => a - b);
  return matches;
}
