// What rendering one rule's condition needs: the dialect, the table's columns and the rule's logic mode.
import type { LogicMode } from '../../ir/rule.js';
import type { SqlDialect } from './dialect.js';
import { sqlIdentifier } from './literal.js';

export interface SqlContext {
  dialect: SqlDialect;
  /** The table's columns; a field outside them is missing in every row. Undefined: every field is a column. */
  columns?: ReadonlySet<string>;
  /** Sigma/KQL two-valued logic (a missing field never matches, so its negation does) or EQL three-valued. */
  logic: LogicMode;
}

/** The quoted column holding `field`, or undefined when the table has no such column. */
export function columnOf(ctx: SqlContext, field: string): string | undefined {
  if (ctx.columns && !ctx.columns.has(field)) return undefined;
  return sqlIdentifier(field);
}
