// A rule set compiled per event schema: each rule mapped through its pipeline and compiled once, on first use.
import { type Expr, walkExpr } from '../ir/expr.js';
import type { LogicMode, Rule } from '../ir/rule.js';
import { mapRule } from '../taxonomy/map-rule.js';
import { collectGarbage } from '../util/collect-garbage.js';
import { compileRegex } from '../util/safe-regex.js';
import { compileExpr, type EventPredicate, type Truth } from './compile-expr.js';
import type { EventView } from './event-view.js';
import { tokenShares } from './prefilter/atom-cost.js';
import type { PlanCache } from './prefilter/plan-cache.js';
import { type Prefilter, schemaPrefilter } from './prefilter/prefilter.js';
import type { PlanSource } from './prefilter/prefilter-plan.js';
import { sharedConjuncts } from './prefilter/shared-conjuncts.js';
import type { EventSchema } from './schemas.js';

/**
 * A rule mapped for one schema. Its predicate is built when the prefilter first names it a candidate: most rules of
 * a large set never are on a given log source, and their closures were most of a compiled rule set's memory.
 */
export class CompiledRule {
  private compiled: EventPredicate | undefined;

  /** Throws what compiling the detection would (a regex RE2 cannot run), so the rule is skipped up front. */
  constructor(
    /** Index of the rule in the rule set. */
    readonly index: number,
    readonly rule: Rule,
    /** The rule's detection mapped for the schema. */
    readonly detection: Expr,
    private readonly given: ReadonlyMap<Expr, EventPredicate>,
  ) {
    walkExpr(detection, (node) => {
      if ((node.kind === 'match' || node.kind === 'keyword') && node.matcher.kind === 'regex')
        compileRegex(node.matcher.pattern, node.matcher.flags);
    });
  }

  /** Compiles the predicate now, if it is not yet. */
  prepare(): EventPredicate {
    this.compiled ??= compileExpr(this.detection, this.rule.logic, this.given);
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

/** Per-event conditions of the rules that need them; correlation rules only consume other rules' matches. */
export function hasEventCondition(rule: Rule): boolean {
  return rule.detection !== undefined && rule.notEvaluable.length === 0;
}

/**
 * A compile this long (all SigmaHQ rules for one schema: ~1 s, ~350 MB allocated) leaves garbage as large as what it
 * keeps. V8 would collect it only when the heap reaches a limit set before the compile, and a worker's heap held it
 * until then, often for the whole hunt: a two-thread SigmaHQ hunt peaked 40–60 MB higher. One full collection right
 * after takes 80–100 ms, a tenth of such a compile; shorter compiles leave too little to be worth it.
 */
const LARGE_COMPILE_MS = 200;

export interface RuleSetOptions {
  /** Where prefilter plans come from (default: computed here). */
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
    readonly rules: readonly Rule[],
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

  /** Token statistics of the rules' literals, for the prefilter's atom costs: worked out once for all schemas. */
  private tokenShares(): Map<string, number> {
    this.tokens ??= tokenShares(
      this.rules.flatMap((rule) => (hasEventCondition(rule) ? [rule.detection!] : [])),
    );
    return this.tokens;
  }

  /** The plans of `plans`, worked out by `cache` (from disk, or computed and kept) where they are computed. */
  private planSource(schema: EventSchema): PlanSource | undefined {
    const { cache, plans = (_name, compute) => compute() } = this.options;
    if (!cache) return this.options.plans;
    return (name, compute) => plans(name, () => cache.plan(schema, compute));
  }

  private compile(schema: EventSchema): SchemaRules {
    const skipped = new Map<string, number[]>();
    const skip = (reason: string, index: number) => {
      const list = skipped.get(reason) ?? [];
      list.push(index);
      skipped.set(reason, list);
    };
    const mapped: { index: number; rule: Rule; detection: Expr; logic: LogicMode }[] = [];
    this.rules.forEach((rule, index) => {
      if (!hasEventCondition(rule)) return;
      const pipeline = schema.pipelines[rule.taxonomy];
      if (!pipeline) {
        skip(`rules in ${rule.taxonomy} field names have no pipeline for ${schema.name} events`, index);
        return;
      }
      try {
        mapped.push({ index, rule, detection: mapRule(rule, pipeline).detection, logic: rule.logic });
      } catch (error) {
        const message = (error as Error).message;
        skip(message.startsWith('logsource') ? 'logsource not mapped for this schema' : message, index);
      }
    });
    const given = sharedConjuncts(mapped);
    const compiled: CompiledRule[] = [];
    const detections: Expr[] = [];
    for (const { index, rule, detection } of mapped) {
      try {
        compiled.push(new CompiledRule(index, rule, detection, given));
        detections.push(detection);
      } catch (error) {
        skip((error as Error).message, index);
      }
    }
    for (const list of skipped.values()) list.sort((a, b) => a - b);
    const tokens = () => this.tokenShares();
    const prefilter = schemaPrefilter(schema.name, detections, given, tokens, this.planSource(schema));
    return { schema, compiled, skipped, prefilter };
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
