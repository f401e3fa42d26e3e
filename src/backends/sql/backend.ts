// The SQL backend: renders a target rule as one SELECT over a flat table of text columns, in a chosen dialect.

import type { Backend } from '../target.js';
import { SQL_DIALECTS, type SqlDialectName } from './dialect.js';
import { querySql } from './query.js';

export interface SqlRenderOptions {
  /**
   * The table's columns. A field outside them is missing in every row (never an SQL error), and fieldless
   * keyword searches become a search of every one of them. Without it, every field is taken to be a column
   * and keyword searches are refused.
   */
  columns?: Iterable<string>;
  /**
   * Columns that may hold each event's ISO-8601 time (first readable wins, after the rule's own timestamp
   * field); threshold and new_terms rules need one.
   */
  timeColumns?: string[];
  /** Column of the events' input order (not an event field); new_terms reads "earlier" from it. */
  orderColumn?: string;
}

export function sqlBackend(dialect: SqlDialectName, options: SqlRenderOptions = {}): Backend {
  const columns = options.columns ? new Set(options.columns) : undefined;
  return {
    name: `sql-${dialect}`,
    render: (target) =>
      querySql({ dialect: SQL_DIALECTS[dialect], columns, logic: target.rule.logic }, target, options),
  };
}
