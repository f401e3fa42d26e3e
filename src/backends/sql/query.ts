// Whole query shapes: the event filter, GROUP BY … HAVING for threshold rules, an anti-join for new_terms.
import type { NewTermsAggregation, ThresholdAggregation } from '../../ir/rule.js';
import { type TargetRule, UnsupportedConstruct } from '../target.js';
import { conditionSql } from './condition.js';
import { columnOf, type SqlContext } from './context.js';
import { sqlIdentifier, sqlTableName } from './literal.js';
import { timestampOf } from './typed-text.js';

/** Columns that windowed rules read besides the rule's own fields (target field names). */
export interface EventOrder {
  /**
   * Columns that may hold each event's ISO-8601 time, first readable one wins; the rule's own timestamp field
   * (Elastic `timestamp_override`) is tried before them. Threshold and new_terms rules need one.
   */
  timeColumns?: string[];
  /** Column of the events' input order (a row number, not an event field); new_terms reads input order from it. */
  orderColumn?: string;
}

/** An aggregated column of a grouped query. */
interface Aggregate {
  name: string;
  sql: string;
}

/** The events' time as TIMESTAMPTZ: the first candidate column (qualified by `qualifier`) holding a readable time. */
function eventTime(ctx: SqlContext, target: TargetRule, order: EventOrder, qualifier = ''): string {
  const own = target.rule.timestampField === undefined ? [] : [target.mapField(target.rule.timestampField)];
  const columns = [...new Set([...own, ...(order.timeColumns ?? [])])]
    .map((field) => columnOf(ctx, field))
    .filter((column) => column !== undefined);
  if (columns.length === 0)
    throw new UnsupportedConstruct('aggregation', 'a time window needs a timestamp column');
  const times = columns.map((column) => timestampOf(ctx.dialect, qualifier + column));
  return times.length === 1 ? times[0]! : `COALESCE(${times.join(', ')})`;
}

function epochMs(timestamp: string): string {
  return `EXTRACT(EPOCH FROM ${timestamp}) * 1000`;
}

function sourceTable(target: TargetRule): string {
  const table = target.sources[0];
  if (!table) throw new UnsupportedConstruct('table', 'the rule has no table to query');
  return sqlTableName(table);
}

/**
 * Elastic threshold as the native engine runs it: windows of the look-back aligned on the epoch; per window
 * and group (events missing a group field are in none) the count reaches `value` and every cardinality (distinct
 * values) reaches its own. One row per alerting group and window.
 */
function thresholdQuery(
  ctx: SqlContext,
  target: TargetRule,
  order: EventOrder,
  agg: ThresholdAggregation,
): string {
  if (!(agg.windowMs > 0)) throw new UnsupportedConstruct('threshold', 'the time window must be positive');
  const when = eventTime(ctx, target, order);
  const groups = agg.groupBy.map((field) => target.mapField(field));
  const groupColumns = groups.map((field) => columnOf(ctx, field));
  const filters = [
    conditionSql(ctx, target.detection),
    `${when} IS NOT NULL`,
    ...groupColumns.map((column) => (column === undefined ? 'FALSE' : `${column} IS NOT NULL`)),
  ];
  const keys = [
    ...groups.map((field, i) => `${groupColumns[i] ?? 'CAST(NULL AS TEXT)'} AS ${sqlIdentifier(field)}`),
    `FLOOR(${epochMs(when)} / ${agg.windowMs}) * ${agg.windowMs} AS "window_start_ms"`,
  ];
  const aggregates: Aggregate[] = [{ name: 'event_count', sql: 'count(*)' }];
  const having = [`count(*) >= ${agg.value}`];
  for (const { field, value } of agg.cardinality ?? []) {
    const column = columnOf(ctx, target.mapField(field));
    const distinct = column === undefined ? '0' : `count(DISTINCT ${column})`;
    aggregates.push({ name: `distinct_count.${target.mapField(field)}`, sql: distinct });
    having.push(`${distinct} >= ${value}`);
  }
  const selected = [
    ...keys,
    ...aggregates.map((aggregate) => `${aggregate.sql} AS ${sqlIdentifier(aggregate.name)}`),
  ];
  const ordinals = keys.map((_, index) => index + 1);
  // Windows in time order, then by group: as the native engine reports them, and the same on every run.
  const sortKeys = [ordinals.length, ...ordinals.slice(0, -1)];
  return (
    `SELECT ${selected.join(', ')} FROM ${sourceTable(target)} WHERE ${filters.join(' AND ')}` +
    ` GROUP BY ${ordinals.join(', ')} HAVING ${having.join(' AND ')} ORDER BY ${sortKeys.join(', ')}`
  );
}

/**
 * Elastic new_terms as the native engine runs it: an event alerts unless a matching event with the same values,
 * earlier in input order, has a time no more than the history window before it (or later than it). Without an
 * order column, "earlier in input" is read as "earlier in time", so events of equal time all alert.
 */
function newTermsQuery(
  ctx: SqlContext,
  target: TargetRule,
  order: EventOrder,
  agg: NewTermsAggregation,
): string {
  const table = sourceTable(target);
  const columns = agg.fields.map((field) => columnOf(ctx, target.mapField(field)));
  if (columns.some((column) => column === undefined)) return `SELECT * FROM ${table} WHERE FALSE`;
  const where = conditionSql(ctx, target.detection);
  const [event, history] = ['"new_event".', '"history".'];
  const eventMs = epochMs(eventTime(ctx, target, order, event));
  const historyMs = epochMs(eventTime(ctx, target, order, history));
  const orderColumn = order.orderColumn === undefined ? undefined : sqlIdentifier(order.orderColumn);
  const before =
    orderColumn === undefined
      ? `${historyMs} < ${eventMs}`
      : `${history}${orderColumn} < ${event}${orderColumn}`;
  const seen = [
    ...columns.map((column) => `${history}${column} = ${event}${column}`),
    before,
    `${historyMs} >= ${eventMs} - ${agg.historyWindowMs}`,
  ];
  const present = [...columns.map((column) => `${event}${column} IS NOT NULL`), `${eventMs} IS NOT NULL`];
  return (
    `SELECT "new_event".* FROM ${table} AS "new_event" WHERE ${where} AND ${present.join(' AND ')}` +
    ` AND NOT EXISTS (SELECT 1 FROM ${table} AS "history" WHERE ${where} AND ${seen.join(' AND ')})`
  );
}

/** The whole SELECT for one rule. */
export function querySql(ctx: SqlContext, target: TargetRule, order: EventOrder): string {
  const aggregation = target.rule.aggregation;
  if (!aggregation)
    return `SELECT * FROM ${sourceTable(target)} WHERE ${conditionSql(ctx, target.detection)}`;
  switch (aggregation.kind) {
    case 'threshold':
      return thresholdQuery(ctx, target, order, aggregation);
    case 'new_terms':
      return newTermsQuery(ctx, target, order, aggregation);
    case 'correlation':
      throw new UnsupportedConstruct(
        'correlation',
        'a correlation counts the events of its referenced rules, which a single-table query does not carry',
      );
    case 'sequence':
      throw new UnsupportedConstruct('sequence', 'EQL sequences have no SQL form here');
  }
}
