// The contract between taxonomy pipelines and query backends: a rule already mapped to a target's fields.
import type { Expr } from '../ir/expr.js';
import type { Rule } from '../ir/rule.js';

/** A rule after a conversion pipeline: field names are the target's, logsource is a table/index plus conditions. */
export interface TargetRule {
  /** The rule as loaded (metadata; aggregation fields are still in the rule's own names: use `mapField`). */
  rule: Rule;
  /** Per-event condition in target field names, logsource conditions already included. */
  detection: Expr;
  /** Tables (Kusto), index patterns (Elastic, Splunk), or a single table name (SQL). */
  sources: string[];
  /** Maps one of the rule's own field names to the target's field name. */
  mapField: (field: string) => string;
}

/** A rule construct the target language cannot express faithfully; conversion must stop, not approximate. */
export class UnsupportedConstruct extends Error {
  constructor(
    readonly construct: string,
    detail?: string,
  ) {
    super(detail ? `${construct}: ${detail}` : construct);
    this.name = 'UnsupportedConstruct';
  }
}

/** One query language renderer. */
export interface Backend {
  /** Target name as given to `dragnet convert --target`. */
  name: string;
  /** Renders the whole query text, or throws UnsupportedConstruct. */
  render(target: TargetRule): string;
}
