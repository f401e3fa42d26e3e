// Chooses a Kibana rule's type, language, query and aggregation parameters from the rule and its IR.
import type { CorrelationAggregation, ThresholdAggregation } from '../../ir/rule.js';
import { type TargetRule, UnsupportedConstruct } from '../target.js';
import { renderEql } from './eql.js';
import type { FieldInfo } from './field-info.js';
import { dateMathDuration } from './kibana-schedule.js';
import { renderKuery } from './kuery.js';
import { renderLucene } from './lucene.js';

export interface KibanaQuery {
  type: 'query' | 'eql' | 'threshold' | 'new_terms';
  language: 'kuery' | 'lucene' | 'eql';
  query: string;
  /** Further rule parameters of the type: `threshold`, `new_terms_fields`, `history_window_start`. */
  parameters: Record<string, unknown>;
  /** Look-back window the type needs (threshold window, correlation timespan), in milliseconds. */
  lookbackMs?: number;
}

/**
 * KQL first; when KQL cannot express the condition (regex, case-insensitive text without `.caseless`), a
 * plain query rule becomes an EQL rule (`any where …`) and a threshold or new terms rule uses Lucene, the
 * other language those types accept. Sequences are EQL rules.
 */
export function kibanaQuery(target: TargetRule, fields: FieldInfo): KibanaQuery {
  const aggregation = target.rule.aggregation;
  switch (aggregation?.kind) {
    case undefined:
      return withFallback<KibanaQuery>(
        () => ({
          type: 'query',
          language: 'kuery',
          query: renderKuery(target.detection, fields),
          parameters: {},
        }),
        () => ({ type: 'eql', language: 'eql', query: renderEql(target, fields), parameters: {} }),
      );
    case 'sequence':
      return { type: 'eql', language: 'eql', query: renderEql(target, fields), parameters: {} };
    case 'threshold':
      return {
        ...filterQuery(target, fields, 'threshold'),
        parameters: { threshold: threshold(aggregation, target) },
        lookbackMs: aggregation.windowMs,
      };
    case 'new_terms':
      return {
        ...filterQuery(target, fields, 'new_terms'),
        parameters: {
          new_terms_fields: aggregation.fields.map(target.mapField),
          history_window_start: `now-${dateMathDuration(aggregation.historyWindowMs)}`,
        },
      };
    case 'correlation':
      return {
        ...filterQuery(target, fields, 'threshold'),
        parameters: { threshold: correlationThreshold(aggregation, target) },
        lookbackMs: aggregation.timespanMs,
      };
  }
}

function filterQuery(
  target: TargetRule,
  fields: FieldInfo,
  type: 'threshold' | 'new_terms',
): Pick<KibanaQuery, 'type' | 'language' | 'query'> {
  return withFallback<Pick<KibanaQuery, 'type' | 'language' | 'query'>>(
    () => ({ type, language: 'kuery' as const, query: renderKuery(target.detection, fields) }),
    () => ({ type, language: 'lucene' as const, query: renderLucene(target.detection, fields) }),
  );
}

function withFallback<T>(first: () => T, second: () => T): T {
  try {
    return first();
  } catch (error) {
    if (!(error instanceof UnsupportedConstruct)) throw error;
    try {
      return second();
    } catch {
      throw error;
    }
  }
}

function threshold(aggregation: ThresholdAggregation, target: TargetRule) {
  return {
    field: aggregation.groupBy.map(target.mapField),
    value: aggregation.value,
    ...(aggregation.cardinality?.length
      ? {
          cardinality: aggregation.cardinality.map(({ field, value }) => ({
            field: target.mapField(field),
            value,
          })),
        }
      : {}),
  };
}

/**
 * A Sigma event_count or value_count correlation with one lower bound is a threshold: at least N events (or N
 * distinct values) per group within one look-back of the correlation's timespan.
 */
function correlationThreshold(aggregation: CorrelationAggregation, target: TargetRule) {
  const criteria = aggregation.condition?.criteria ?? [];
  const bound = criteria.length === 1 ? criteria[0]! : undefined;
  if (!bound || (bound.op !== 'gte' && bound.op !== 'gt') || Object.keys(aggregation.aliases).length)
    throw new UnsupportedConstruct(
      `${aggregation.type} correlation`,
      'a threshold rule needs one lower bound and no aliases',
    );
  const minimum = bound.op === 'gt' ? Math.floor(bound.value) + 1 : Math.ceil(bound.value);
  const field = aggregation.groupBy.map(target.mapField);
  if (aggregation.type === 'event_count') return { field, value: minimum };
  if (aggregation.type === 'value_count' && aggregation.condition?.field)
    return {
      field,
      value: 1,
      cardinality: [{ field: target.mapField(aggregation.condition.field), value: minimum }],
    };
  throw new UnsupportedConstruct(
    `${aggregation.type} correlation`,
    'Kibana threshold rules count events or distinct values',
  );
}
