// A rule set planned for one event schema, as plain data: the rules that run, those skipped and why, the prefilter.
import { type Expr, walkExpr } from '../ir/expr.js';
import type { Rule } from '../ir/rule.js';
import { mapRule } from '../taxonomy/map-rule.js';
import { compileRegex } from '../util/safe-regex.js';
import { type PrefilterPlan, planPrefilter } from './prefilter/prefilter-plan.js';
import { sharedConjuncts } from './prefilter/shared-conjuncts.js';
import type { EventSchema } from './schemas.js';

/**
 * Everything a matching thread needs of a schema's compiled rule set but the rules themselves: each rule is mapped
 * again (alone) only when it is first a candidate, so a thread given the plan (by another thread, or from disk) maps
 * none up front, and none is kept mapped that never is.
 */
export interface SchemaPlan {
  /** Index in the rule set of the rule of each slot, ascending. */
  slots: Int32Array;
  /** Why rules do not run on this schema (no logsource mapping, other taxonomy, …): reason → rule indexes. */
  skipped: [string, number[]][];
  prefilter: PrefilterPlan;
}

/**
 * Where a schema's plan comes from: `compute` here, or the plan another thread computed from the same rules and
 * schema (the threads of one hunt), or one kept on disk (see `PlanCache`).
 */
export type PlanSource = (schema: string, compute: () => SchemaPlan) => SchemaPlan;

/** Per-event conditions of the rules that need them; correlation rules only consume other rules' matches. */
export function hasEventCondition(rule: Rule): boolean {
  return rule.detection !== undefined && rule.notEvaluable.length === 0;
}

/** The rule's detection in the schema's field names; throws where the schema's pipeline cannot map it. */
export function mappedDetection(rule: Rule, schema: EventSchema): Expr {
  const pipeline = schema.pipelines[rule.taxonomy];
  if (!pipeline)
    throw new Error(`rules in ${rule.taxonomy} field names have no pipeline for ${schema.name} events`);
  return mapRule(rule, pipeline).detection;
}

/** Throws what compiling the detection would: a regex RE2 cannot run. */
function checkRegexes(detection: Expr): void {
  walkExpr(detection, (node) => {
    if ((node.kind === 'match' || node.kind === 'keyword') && node.matcher.kind === 'regex')
      compileRegex(node.matcher.pattern, node.matcher.flags);
  });
}

/** Maps every rule with a per-event condition for the schema and plans its prefilter (`tokens`: see `tokenShares`). */
export function planSchema(
  rules: readonly Rule[],
  schema: EventSchema,
  tokens: () => ReadonlyMap<string, number>,
): SchemaPlan {
  const skipped = new Map<string, number[]>();
  const skip = (reason: string, index: number) => {
    const list = skipped.get(reason) ?? [];
    list.push(index);
    skipped.set(reason, list);
  };
  const mapped: { index: number; detection: Expr; logic: Rule['logic'] }[] = [];
  rules.forEach((rule, index) => {
    if (!hasEventCondition(rule)) return;
    try {
      const detection = mappedDetection(rule, schema);
      checkRegexes(detection);
      mapped.push({ index, detection, logic: rule.logic });
    } catch (error) {
      const message = (error as Error).message;
      skip(message.startsWith('logsource') ? 'logsource not mapped for this schema' : message, index);
    }
  });
  for (const list of skipped.values()) list.sort((a, b) => a - b);
  const detections = mapped.map((rule) => rule.detection);
  return {
    slots: Int32Array.from(mapped, (rule) => rule.index),
    skipped: [...skipped],
    prefilter: planPrefilter(detections, sharedConjuncts(mapped), tokens()),
  };
}
