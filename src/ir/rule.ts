// The format-neutral Rule IR: metadata, logsource, detection expression and stateful aggregation of one rule.
import type { Expr } from './expr.js';

export type RuleFormat = 'sigma' | 'elastic';
export type RuleLanguage = 'sigma' | 'kuery' | 'lucene' | 'eql' | 'esql';

/** Which field vocabulary the rule's field names use; the taxonomy pipeline maps it to event schemas. */
export type RuleTaxonomy = 'sigma' | 'ecs';

export interface AttackTactic {
  /** TA0007; absent for tactics whose id dragnet does not know (ATT&CK's newer Stealth / Defense Impairment). */
  id?: string;
  name: string; // Discovery
  shortname: string; // discovery
}

export interface AttackMapping {
  tactics: AttackTactic[];
  /** Technique and sub-technique ids, upper case: T1049, T1059.004. */
  techniques: string[];
}

export interface RuleMeta {
  id: string;
  title: string;
  /** Sigma `name`: how correlation rules refer to a rule. */
  name?: string;
  description?: string;
  status?: string;
  /** informational | low | medium | high | critical (Elastic severity is mapped onto the same scale). */
  level?: string;
  author?: string;
  references: string[];
  tags: string[];
  falsepositives: string[];
  date?: string;
  modified?: string;
  riskScore?: number;
  attack: AttackMapping;
}

/** Where a rule applies: Sigma logsource fields and/or Elastic index patterns. */
export interface LogSource {
  product?: string;
  category?: string;
  service?: string;
  definition?: string;
  indices?: string[];
}

/** A field list grouping events, e.g. Elastic threshold fields or Sigma correlation group-by. */
export type GroupBy = string[];

/** Elastic `threshold`: count (and optionally distinct values) per group within the look-back window. */
export interface ThresholdAggregation {
  kind: 'threshold';
  groupBy: GroupBy;
  value: number;
  cardinality?: { field: string; value: number }[];
  /** Look-back window in milliseconds (rule `from` relative to its schedule). */
  windowMs: number;
}

/** Elastic `new_terms`: alert on the first sighting of a value combination within the history window. */
export interface NewTermsAggregation {
  kind: 'new_terms';
  fields: string[];
  historyWindowMs: number;
}

/** One step of an EQL sequence. */
export interface SequenceStep {
  expr: Expr;
  /** Join keys of this step (positionally aligned with the other steps' keys). */
  by: string[];
  /** EQL `with runs=N`: the step must match N consecutive times. */
  runs?: number;
  /** `!` missing-event step (EQL sample/sequence negation). */
  missing?: boolean;
}

/** EQL `sequence [by …] [maxspan=…] [step]… [until [step]]`. */
export interface SequenceAggregation {
  kind: 'sequence';
  by: string[];
  maxspanMs?: number;
  steps: SequenceStep[];
  until?: SequenceStep;
}

export type CorrelationType =
  | 'event_count'
  | 'value_count'
  | 'temporal'
  | 'temporal_ordered'
  | 'value_sum'
  | 'value_avg'
  | 'value_percentile';

export interface CorrelationCriterion {
  op: 'gt' | 'gte' | 'lt' | 'lte' | 'eq' | 'neq';
  value: number;
}

/** All criteria must hold (a range is two criteria). */
export interface CorrelationCondition {
  criteria: CorrelationCriterion[];
  /** Field counted/summed/averaged (value_count, value_sum, value_avg, value_percentile). */
  field?: string;
}

/** A Sigma correlation rule over the alerts of other rules. */
export interface CorrelationAggregation {
  kind: 'correlation';
  type: CorrelationType;
  /** Referenced rule ids or names, as written. */
  rules: string[];
  groupBy: GroupBy;
  timespanMs: number;
  condition?: CorrelationCondition;
  /** alias → (rule id or name → field in that rule's events). */
  aliases: Record<string, Record<string, string>>;
  generate: boolean;
}

export type Aggregation =
  | ThresholdAggregation
  | NewTermsAggregation
  | SequenceAggregation
  | CorrelationAggregation;

/** How a boolean expression treats missing fields: Sigma/KQL two-valued, EQL three-valued (null ≠ false). */
export type LogicMode = 'boolean' | 'ternary';

export interface RuleSource {
  file: string;
  line: number;
  /** Index of the YAML document within a multi-document file. */
  document?: number;
}

export interface Rule {
  format: RuleFormat;
  language: RuleLanguage;
  /** Sigma: `detection`, `correlation`; Elastic: `query`, `eql`, `threshold`, `new_terms`, `esql`, … */
  type: string;
  taxonomy: RuleTaxonomy;
  meta: RuleMeta;
  logsource: LogSource;
  /** The per-event condition; absent when the rule is only a correlation or cannot be expressed. */
  detection?: Expr;
  logic: LogicMode;
  aggregation?: Aggregation;
  /** The rule's query text as written (Elastic rules; Sigma condition strings). */
  query?: string;
  /** Reasons the native engine cannot run this rule (unresolved placeholders, ES|QL, machine learning). */
  notEvaluable: string[];
  /** Field holding the event time for stateful rules (Elastic `timestamp_override`); default `@timestamp`. */
  timestampField?: string;
  suppression?: AlertSuppression;
  /** Fields to report with alerts (Sigma `fields`, Elastic `investigation_fields`). */
  fields: string[];
  source: RuleSource;
  /** Keys of the source document the IR does not model, kept verbatim. */
  extra: Record<string, unknown>;
}

/** Elastic alert suppression: alerts of one rule with the same group values are folded within a duration. */
export interface AlertSuppression {
  groupBy: string[];
  /** Suppression window; without one Kibana suppresses per rule execution, i.e. the rule's look-back. */
  durationMs: number;
  /** `suppress`: events missing a group field form one group; `doNotSuppress`: they always alert. */
  missingFields: 'suppress' | 'doNotSuppress';
}

/** A rule that failed to load, with where and why. */
export interface LoadError {
  file: string;
  line: number;
  message: string;
}

export interface LoadResult {
  rules: Rule[];
  errors: LoadError[];
  /** Problems that do not stop a rule from loading (e.g. a filter naming no loaded rule). */
  warnings: LoadError[];
}

export const LEVELS = ['informational', 'low', 'medium', 'high', 'critical'] as const;
