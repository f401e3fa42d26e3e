// The rules as matching threads get them: serialised once, without the descriptive metadata (also the plan cache's key).
import { serialize } from 'node:v8';
import type { Rule } from '../../ir/rule.js';
import { digestOf, PlanCache } from '../prefilter/plan-cache.js';

/** What matching needs of a rule: everything but the descriptive metadata (each worker reads all of it). */
function forMatching(rule: Rule): Rule {
  const { id, title } = rule.meta;
  const meta = {
    id,
    title,
    references: [],
    falsepositives: [],
    tags: [],
    attack: { tactics: [], techniques: [] },
  };
  return { ...rule, meta, extra: {}, query: undefined };
}

/** The rules' matching parts, v8-serialised (the bytes workers read, and the plan cache's rules digest). */
export function serializeRules(rules: readonly Rule[]): Uint8Array {
  return serialize(rules.map(forMatching));
}

/** Plans kept in `dir` for these rules, keyed by their serialised matching parts (as the workers' plan caches are). */
export function rulesPlanCache(dir: string, rules: readonly Rule[]): PlanCache {
  return new PlanCache(dir, () => digestOf(serializeRules(rules)));
}
