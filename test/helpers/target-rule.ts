// Test helper: a bare Sigma rule, and a backend's TargetRule around a detection, without loading any rule text.
import type { TargetRule } from '../../src/backends/target.js';
import type { Expr } from '../../src/ir/expr.js';
import type { Aggregation, LogicMode, Rule } from '../../src/ir/rule.js';

/** A Sigma detection rule `r` with no logsource, no metadata and boolean logic; `overrides` win. */
export function bareRule(overrides: Partial<Rule> = {}): Rule {
  return {
    format: 'sigma',
    language: 'sigma',
    type: 'detection',
    taxonomy: 'sigma',
    meta: {
      id: 'r',
      title: 'r',
      references: [],
      tags: [],
      falsepositives: [],
      attack: { tactics: [], techniques: [] },
    },
    logsource: {},
    logic: 'boolean',
    notEvaluable: [],
    fields: [],
    source: { file: 'r.yml', line: 1 },
    extra: {},
    ...overrides,
  };
}

export interface TargetRuleOptions {
  /** Tables or index patterns; none unless given. */
  sources?: string[];
  aggregation?: Aggregation;
  logic?: LogicMode;
  /** Rule field name to target field name; the identity unless given. */
  mapField?: (field: string) => string;
  /** Further fields of the bare rule, applied last. */
  rule?: Partial<Rule>;
}

/** `detection` as a target rule: a bare rule carrying it, with the given sources, aggregation and logic. */
export function targetRule(detection: Expr, options: TargetRuleOptions = {}): TargetRule {
  const { sources = [], aggregation, logic, mapField = (field: string) => field, rule } = options;
  return {
    rule: bareRule({
      detection,
      ...(logic ? { logic } : {}),
      ...(aggregation ? { aggregation } : {}),
      ...rule,
    }),
    detection,
    sources,
    mapField,
  };
}
