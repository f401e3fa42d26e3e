// Matching on one thread for parallel runs: a rule set and schemas, applied to the events of one piece at a time.
import type { Rule } from '../../ir/rule.js';
import type { JsonObject } from '../event-view.js';
import { EventView } from '../event-view.js';
import type { SkippedRules } from '../match-stream.js';
import type { PlanCache } from '../prefilter/plan-cache.js';
import type { PlanSource } from '../prefilter/prefilter-plan.js';
import { matchingRules, RuleSet } from '../rule-set.js';
import { detectSchema, type EventSchema } from '../schemas.js';

export class PieceMatcher {
  private readonly ruleSet: RuleSet;

  /** `plans`, `cache`: where prefilter plans come from and are kept (see `RuleSet`). */
  constructor(
    rules: readonly Rule[],
    readonly schemas: readonly EventSchema[],
    plans?: PlanSource,
    cache?: PlanCache,
  ) {
    this.ruleSet = new RuleSet(rules, plans, cache);
  }

  /** The event's schema (index into `schemas`) and the rules it satisfies, ascending. */
  match(event: JsonObject): { schema: number; matches: number[] } {
    const view = new EventView(event);
    const schema = detectSchema(this.schemas, view);
    return {
      schema: this.schemas.indexOf(schema),
      matches: matchingRules(this.ruleSet.forSchema(schema), view),
    };
  }

  /** Why rules did not run, per schema compiled so far (what `matchEvents` reports). */
  skipped(): SkippedRules {
    return new Map(
      this.ruleSet
        .compiledSchemas()
        .map((entry) => [
          entry.schema.name,
          new Map([...entry.skipped].map(([reason, list]) => [reason, list.length])),
        ]),
    );
  }
}
