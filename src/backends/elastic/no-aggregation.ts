// Guard for filter-only languages (KQL, Lucene): a rule with an aggregation needs a rule type that counts.
import type { Rule } from '../../ir/rule.js';
import { UnsupportedConstruct } from '../target.js';

export function refuseAggregation(rule: Rule, language: string): void {
  if (rule.aggregation)
    throw new UnsupportedConstruct(
      `${rule.aggregation.kind} aggregation`,
      `${language} only filters events; render the rule with kibana-ndjson, esql or eql`,
    );
}
