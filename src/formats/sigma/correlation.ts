// Sigma correlation documents (`correlation:` event_count, value_count, temporal, …) read into the IR.
import type { CorrelationAggregation, CorrelationCriterion, CorrelationType } from '../../ir/rule.js';
import { parseDuration } from '../../util/duration.js';
import { DetectionError } from './detection.js';
import { isMap } from './metadata.js';

const TYPES = new Set<CorrelationType>([
  'event_count',
  'value_count',
  'temporal',
  'temporal_ordered',
  'value_sum',
  'value_avg',
  'value_percentile',
]);
const NEEDS_FIELD = new Set<CorrelationType>(['value_count', 'value_sum', 'value_avg', 'value_percentile']);
const OPS = new Set(['gt', 'gte', 'lt', 'lte', 'eq', 'neq']);

function stringList(value: unknown, what: string): string[] {
  const list = Array.isArray(value) ? value : value === undefined ? [] : [value];
  if (!list.every((v) => typeof v === 'string'))
    throw new DetectionError(`'${what}' must be a list of strings`, ['correlation', what]);
  return list as string[];
}

function readCondition(value: unknown, type: CorrelationType): CorrelationAggregation['condition'] {
  const temporal = type === 'temporal' || type === 'temporal_ordered';
  if (value === undefined) {
    if (temporal) return undefined;
    throw new DetectionError("missing 'condition'", ['correlation']);
  }
  if (!isMap(value))
    throw new DetectionError("'condition' must be a map such as {gte: 10}", ['correlation', 'condition']);
  const criteria: CorrelationCriterion[] = [];
  let field: string | undefined;
  for (const [key, v] of Object.entries(value)) {
    if (key === 'field' && typeof v === 'string') field = v;
    else if (OPS.has(key) && typeof v === 'number')
      criteria.push({ op: key as CorrelationCriterion['op'], value: v });
    else
      throw new DetectionError(
        `condition key '${key}' must be one of field, gt, gte, lt, lte, eq, neq with a number`,
        ['correlation', 'condition', key],
      );
  }
  if (!criteria.length)
    throw new DetectionError('condition needs a comparison such as gte: 10', ['correlation', 'condition']);
  if (NEEDS_FIELD.has(type) && !field)
    throw new DetectionError(`a ${type} condition needs 'field'`, ['correlation', 'condition']);
  return field ? { criteria, field } : { criteria };
}

function readAliases(value: unknown): Record<string, Record<string, string>> {
  if (value === undefined) return {};
  if (!isMap(value)) throw new DetectionError("'aliases' must be a map", ['correlation', 'aliases']);
  const aliases: Record<string, Record<string, string>> = {};
  for (const [alias, mapping] of Object.entries(value)) {
    if (!isMap(mapping) || !Object.values(mapping).every((f) => typeof f === 'string'))
      throw new DetectionError(`alias '${alias}' must map rule names to field names`, [
        'correlation',
        'aliases',
        alias,
      ]);
    aliases[alias] = mapping as Record<string, string>;
  }
  return aliases;
}

export function readCorrelation(value: unknown): CorrelationAggregation {
  if (!isMap(value)) throw new DetectionError("'correlation' must be a map", ['correlation']);
  const type = value.type as CorrelationType;
  if (!TYPES.has(type))
    throw new DetectionError(`unknown correlation type '${String(value.type)}'`, ['correlation', 'type']);
  const rules = stringList(value.rules, 'rules');
  if (!rules.length)
    throw new DetectionError("'rules' must name at least one rule", ['correlation', 'rules']);
  if (typeof value.timespan !== 'string')
    throw new DetectionError("missing 'timespan' such as 10m", ['correlation']);
  let timespanMs: number;
  try {
    timespanMs = parseDuration(value.timespan);
  } catch (error) {
    throw new DetectionError((error as Error).message, ['correlation', 'timespan']);
  }
  const correlation: CorrelationAggregation = {
    kind: 'correlation',
    type,
    rules,
    groupBy: stringList(value['group-by'], 'group-by'),
    timespanMs,
    aliases: readAliases(value.aliases),
    generate: value.generate === true,
  };
  const condition = readCondition(value.condition, type);
  if (condition) correlation.condition = condition;
  return correlation;
}
