// SPL commands after the filter for stateful rules: binned `stats` counts and `streamstats` new terms.
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
import { argumentField, evalField, splNumber } from './literal.js';

const CRITERION_OPERATORS = { gt: '>', gte: '>=', lt: '<', lte: '<=', eq: '==', neq: '!=' } as const;
const WINDOW = 'time_window';

/** Fixed windows of `ms` (Splunk's `bin`); `stats … by` leaves out events missing a group-by field. */
function windowed(ms: number, aggregates: string[], groupBy: string[]): string[] {
  return [
    `bin span=${timeSpan(ms)} _time AS ${WINDOW}`,
    `stats ${aggregates.join(', ')} by ${[WINDOW, ...groupBy].join(', ')}`,
  ];
}

function thresholdCommands(agg: ThresholdAggregation, mapField: (f: string) => string): string[] {
  const cardinality = agg.cardinality ?? [];
  const aggregates = [
    'count',
    ...cardinality.map((c, i) => `dc(${argumentField(mapField(c.field))}) AS distinct_values_${i + 1}`),
  ];
  const conditions = [
    `count>=${splNumber(agg.value)}`,
    ...cardinality.map((c, i) => `distinct_values_${i + 1}>=${splNumber(c.value)}`),
  ];
  return [
    ...windowed(
      agg.windowMs,
      aggregates,
      agg.groupBy.map((f) => argumentField(mapField(f))),
    ),
    `where ${conditions.join(' AND ')}`,
  ];
}

function correlationMeasure(
  agg: CorrelationAggregation,
  mapField: (f: string) => string,
): { name: string; aggregate: string } {
  if (agg.type === 'event_count') return { name: 'event_count', aggregate: 'count' };
  const field = agg.condition?.field;
  if (!field) throw new UnsupportedConstruct(`${agg.type} correlation`, 'no field to measure');
  const column = argumentField(mapField(field));
  switch (agg.type) {
    case 'value_count':
      return { name: 'value_count', aggregate: `dc(${column})` };
    case 'value_sum':
      return { name: 'value_sum', aggregate: `sum(${column})` };
    case 'value_avg':
      return { name: 'value_avg', aggregate: `avg(${column})` };
    default:
      throw new UnsupportedConstruct(
        `${agg.type} correlation`,
        'the matched events do not say which referenced rule matched them',
      );
  }
}

function criteriaText(name: string, criteria: readonly CorrelationCriterion[]): string {
  return criteria.map((c) => `${name}${CRITERION_OPERATORS[c.op]}${splNumber(c.value)}`).join(' AND ');
}

/** Sigma correlation, counted in fixed `timespan` windows (the engine's windows start at a group's first event). */
function correlationCommands(agg: CorrelationAggregation, mapField: (f: string) => string): string[] {
  const measured = agg.condition?.field ? [agg.condition.field] : [];
  const aliased = [...agg.groupBy, ...measured].filter((f) => f in agg.aliases);
  if (aliased.length)
    throw new UnsupportedConstruct(
      'correlation alias',
      `${aliased.join(', ')} name different fields per rule`,
    );
  const measure = correlationMeasure(agg, mapField);
  const criteria = agg.condition?.criteria.length
    ? agg.condition.criteria
    : [{ op: 'gte' as const, value: 1 }];
  return [
    ...windowed(
      agg.timespanMs,
      [`${measure.aggregate} AS ${measure.name}`],
      agg.groupBy.map((f) => argumentField(mapField(f))),
    ),
    `where ${criteriaText(measure.name, criteria)}`,
  ];
}

/**
 * Elastic new_terms: in time order, an event alerts when its combination was never seen before, or last
 * more than the history window earlier. Events missing a field never alert.
 */
function newTermsCommands(agg: NewTermsAggregation, mapField: (f: string) => string): string[] {
  const fields = agg.fields.map(mapField);
  return [
    `where ${fields.map((f) => `isnotnull(${evalField(f)})`).join(' AND ')}`,
    'sort 0 _time',
    `streamstats current=f last(_time) AS previous_sighting by ${fields.map(argumentField).join(', ')}`,
    `where isnull(previous_sighting) OR _time-previous_sighting>${splNumber(agg.historyWindowMs / 1000)}`,
    'fields - previous_sighting',
  ];
}

/** The stages following the filter; none for a rule without aggregation. */
export function aggregationCommands(rule: Rule, mapField: (f: string) => string): string[] {
  return renderAggregation(rule, mapField, {
    language: 'SPL',
    threshold: thresholdCommands,
    correlation: correlationCommands,
    newTerms: newTermsCommands,
  });
}
