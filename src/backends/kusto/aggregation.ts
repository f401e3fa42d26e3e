// Kusto stages after the `where` for stateful rules, with the native engine's window and grouping semantics.
import type {
  CorrelationAggregation,
  CorrelationCriterion,
  NewTermsAggregation,
  Rule,
  ThresholdAggregation,
} from '../../ir/rule.js';
import { renderAggregation } from '../render-util-aggregation.js';
import { timeSpan } from '../render-util-timespan.js';
import { UnsupportedConstruct } from '../target.js';
import { bracketName, kustoField } from './identifier.js';
import { kustoNumber } from './literal.js';

export interface AggregationContext {
  /** Maps one of the rule's own field names to the target's. */
  mapField: (field: string) => string;
  /** The event time column, already rendered. */
  time: string;
}

const CRITERION_OPERATORS = { gt: '>', gte: '>=', lt: '<', lte: '<=', eq: '==', neq: '!=' } as const;

/** Group-by columns, and the `extend` making a string column of each dynamic property path (not a valid key). */
function groupKeys(fields: readonly string[], ctx: AggregationContext): { keys: string[]; stages: string[] } {
  const keys: string[] = [];
  const columns: string[] = [];
  for (const field of fields) {
    const target = ctx.mapField(field);
    const path = kustoField(target);
    if (!path.includes('.')) keys.push(path);
    else {
      keys.push(bracketName(target));
      columns.push(`${bracketName(target)} = tostring(${path})`);
    }
  }
  const stages = columns.length ? [`extend ${columns.join(', ')}`] : [];
  // Events missing a group-by value belong to no group (Kusto stores a missing string as "").
  if (keys.length) stages.push(`where ${keys.map((k) => `isnotempty(${k})`).join(' and ')}`);
  return { keys, stages };
}

/** Windows of `ms` aligned on the Unix epoch; `bin` aligns on 0001-01-01, the same when `ms` divides a day. */
function epochBin(time: string, ms: number): string {
  const span = timeSpan(ms);
  return 86_400_000 % ms === 0 ? `bin(${time}, ${span})` : `bin_at(${time}, ${span}, datetime(1970-01-01))`;
}

/**
 * Elastic threshold: per look-back window (aligned on the epoch) and group, the event count reaches the
 * threshold and every cardinality condition (exact distinct non-empty values) holds.
 */
function thresholdStages(agg: ThresholdAggregation, ctx: AggregationContext): string[] {
  const { keys, stages } = groupKeys(agg.groupBy, ctx);
  const cardinality = agg.cardinality ?? [];
  const aggregates = [
    'count()',
    ...cardinality.map((c, i) => {
      const field = kustoField(ctx.mapField(c.field));
      return `DistinctValues${i + 1} = count_distinctif(${field}, isnotempty(${field}))`;
    }),
  ];
  const conditions = [
    `count_ >= ${kustoNumber(agg.value)}`,
    ...cardinality.map((c, i) => `DistinctValues${i + 1} >= ${kustoNumber(c.value)}`),
  ];
  return [
    ...stages,
    `summarize ${aggregates.join(', ')} by ${[epochBin(ctx.time, agg.windowMs), ...keys].join(', ')}`,
    `where ${conditions.join(' and ')}`,
  ];
}

/** The measured value of a correlation, as a `summarize` aggregate named `name`. */
function correlationMeasure(
  agg: CorrelationAggregation,
  ctx: AggregationContext,
): { name: string; aggregate: string } {
  if (agg.type === 'event_count') return { name: 'EventCount', aggregate: 'count()' };
  const field = agg.condition?.field;
  if (!field) throw new UnsupportedConstruct(`${agg.type} correlation`, 'no field to measure');
  const column = kustoField(ctx.mapField(field));
  switch (agg.type) {
    case 'value_count':
      return { name: 'ValueCount', aggregate: `count_distinctif(${column}, isnotempty(${column}))` };
    case 'value_sum':
      return { name: 'ValueSum', aggregate: `sum(toreal(${column}))` };
    case 'value_avg':
      return { name: 'ValueAvg', aggregate: `avg(toreal(${column}))` };
    default:
      throw new UnsupportedConstruct(
        `${agg.type} correlation`,
        'the matched events do not say which referenced rule matched them',
      );
  }
}

function criteriaText(name: string, criteria: readonly CorrelationCriterion[]): string {
  return criteria.map((c) => `${name} ${CRITERION_OPERATORS[c.op]} ${kustoNumber(c.value)}`).join(' and ');
}

/**
 * Sigma correlation: per group, a window opens at the group's first event and holds every event up to
 * `timespan` later; the next event after that opens a new window. `row_window_session` starts a session
 * once the distance reaches its limit, so the limit is the timespan plus one tick (100 ns).
 */
function correlationStages(agg: CorrelationAggregation, ctx: AggregationContext): string[] {
  const measured = agg.condition?.field ? [agg.condition.field] : [];
  const aliased = [...agg.groupBy, ...measured].filter((f) => f in agg.aliases);
  if (aliased.length)
    throw new UnsupportedConstruct(
      'correlation alias',
      `${aliased.join(', ')} name different fields per rule`,
    );
  const measure = correlationMeasure(agg, ctx);
  const { keys, stages } = groupKeys(agg.groupBy, ctx);
  const limit = `${timeSpan(agg.timespanMs)} + 1tick`;
  const restart = keys.length ? `, ${keys.map((k) => `${k} != prev(${k})`).join(' or ')}` : '';
  const criteria = agg.condition?.criteria.length
    ? agg.condition.criteria
    : [{ op: 'gte' as const, value: 1 }];
  return [
    ...stages,
    `sort by ${[...keys, ctx.time].map((k) => `${k} asc`).join(', ')}`,
    `extend CorrelationWindow = row_window_session(${ctx.time}, ${limit}, ${limit}${restart})`,
    `summarize ${measure.name} = ${measure.aggregate} by ${[...keys, 'CorrelationWindow'].join(', ')}`,
    `where ${criteriaText(measure.name, criteria)}`,
  ];
}

/**
 * Elastic new_terms: an event whose value combination was not seen in the history window before it (never,
 * or last more than the window earlier). Rows sorted by combination and time put each event after the
 * previous sighting of its combination. Events missing a field never alert.
 */
function newTermsStages(agg: NewTermsAggregation, ctx: AggregationContext): string[] {
  const { keys, stages } = groupKeys(agg.fields, ctx);
  const sameCombination = keys.map((k) => `${k} == prev(${k})`).join(' and ');
  return [
    ...stages,
    `sort by ${[...keys, ctx.time].map((k) => `${k} asc`).join(', ')}`,
    `extend PreviousSighting = iff(${sameCombination}, prev(${ctx.time}), datetime(null))`,
    `where isnull(PreviousSighting) or ${ctx.time} - PreviousSighting > ${timeSpan(agg.historyWindowMs)}`,
    'project-away PreviousSighting',
  ];
}

/** The stages following the filter; none for a rule without aggregation. */
export function aggregationStages(rule: Rule, ctx: AggregationContext): string[] {
  return renderAggregation(rule, ctx, {
    language: 'Kusto',
    threshold: thresholdStages,
    correlation: correlationStages,
    newTerms: newTermsStages,
  });
}
