// ES|QL aggregation commands: threshold and Sigma correlation counts as STATS … BY … | WHERE.
import type { CorrelationAggregation, CorrelationCondition, ThresholdAggregation } from '../../ir/rule.js';
import { UnsupportedConstruct } from '../target.js';
import { esqlField, esqlTimeSpan } from './esql-syntax.js';

const CONDITION_OPERATORS = { gt: '>', gte: '>=', lt: '<', lte: '<=', eq: '==', neq: '!=' } as const;

/** Column holding the per-group count (or other correlation value). */
export const COUNT_COLUMN = 'event_count';
/** Column holding the tumbling time window of a correlation. */
export const WINDOW_COLUMN = 'window';

/** Elastic threshold: at least `value` events (and `cardinality` distinct values) per group. */
export function thresholdCommands(
  aggregation: ThresholdAggregation,
  mapField: (field: string) => string,
): string[] {
  const columns = [`${COUNT_COLUMN} = COUNT(*)`];
  const tests = [`${COUNT_COLUMN} >= ${aggregation.value}`];
  (aggregation.cardinality ?? []).forEach(({ field, value }, i) => {
    const column = `distinct_${i + 1}`;
    columns.push(`${column} = COUNT_DISTINCT(${esqlField(mapField(field))})`);
    tests.push(`${column} >= ${value}`);
  });
  const by = aggregation.groupBy.map((field) => esqlField(mapField(field)));
  return [statsCommand(columns, by), `WHERE ${tests.join(' AND ')}`];
}

/**
 * Sigma correlations over counts, sums, averages and percentiles. The timespan becomes tumbling windows
 * (`BUCKET`): ES|QL has no sliding window, so events straddling a window boundary are counted apart.
 */
export function correlationCommands(
  aggregation: CorrelationAggregation,
  mapField: (field: string) => string,
  timestampField: string,
): string[] {
  if (Object.keys(aggregation.aliases).length)
    throw new UnsupportedConstruct('correlation aliases', 'per-rule field aliases are not rendered in ES|QL');
  const condition = aggregation.condition;
  if (!condition)
    throw new UnsupportedConstruct(`${aggregation.type} correlation`, 'it has no count condition');
  const value = correlationValue(aggregation, condition, mapField);
  const by = [
    `${WINDOW_COLUMN} = BUCKET(${esqlField(timestampField)}, ${esqlTimeSpan(aggregation.timespanMs)})`,
    ...aggregation.groupBy.map((field) => esqlField(mapField(field))),
  ];
  if (!condition.criteria.length)
    throw new UnsupportedConstruct(`${aggregation.type} correlation`, 'empty condition');
  const tests = condition.criteria.map(
    ({ op, value }) => `${COUNT_COLUMN} ${CONDITION_OPERATORS[op]} ${value}`,
  );
  return [statsCommand([`${COUNT_COLUMN} = ${value}`], by), `WHERE ${tests.join(' AND ')}`];
}

function correlationValue(
  aggregation: CorrelationAggregation,
  condition: CorrelationCondition,
  mapField: (field: string) => string,
): string {
  const field = () => {
    if (!condition.field)
      throw new UnsupportedConstruct(`${aggregation.type} correlation`, 'it names no field');
    return esqlField(mapField(condition.field));
  };
  switch (aggregation.type) {
    case 'event_count':
      return 'COUNT(*)';
    case 'value_count':
      return `COUNT_DISTINCT(${field()})`;
    case 'value_sum':
      return `SUM(${field()})`;
    case 'value_avg':
      return `AVG(${field()})`;
    case 'value_percentile':
      throw new UnsupportedConstruct('value_percentile correlation', 'the IR does not carry the percentile');
    case 'temporal':
    case 'temporal_ordered':
      throw new UnsupportedConstruct(
        `${aggregation.type} correlation`,
        'ES|QL cannot join the events of several rules',
      );
  }
}

function statsCommand(columns: string[], by: string[]): string {
  return `STATS ${columns.join(', ')}${by.length ? ` BY ${by.join(', ')}` : ''}`;
}
