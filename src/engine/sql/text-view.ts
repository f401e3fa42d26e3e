// Makes any table readable as text columns: a temporary view casting the non-text columns, when there are any.
import { sqlIdentifier, sqlTableName } from '../../backends/sql/literal.js';
import type { SqlColumn, SqlSession } from './session.js';

const TEXT_VIEW = '_dragnet_text_view';

/**
 * The name to query `table` by so that every event column reads as text (numbers and booleans as the database
 * writes them, e.g. DuckDB's DOUBLE 1.0 as `1.0`, where the native engine would read 1). Columns named in
 * `keep` (the origin columns) stay as they are.
 */
export async function textTableName(
  session: SqlSession,
  table: string,
  columns: readonly SqlColumn[],
  keep: readonly string[],
): Promise<string> {
  if (columns.every((column) => column.isText || keep.includes(column.name))) return table;
  const selected = columns.map((column) => {
    const name = sqlIdentifier(column.name);
    return column.isText || keep.includes(column.name) ? name : `CAST(${name} AS TEXT) AS ${name}`;
  });
  await session.execute(
    `CREATE OR REPLACE TEMP VIEW ${sqlIdentifier(TEXT_VIEW)} AS SELECT ${selected.join(', ')} FROM ${sqlTableName(table)}`,
  );
  return TEXT_VIEW;
}
