// Loads event files (JSON lines, JSON arrays, .gz, EVTX) into a DuckDB table of text columns for SQL hunts.

import { sqlIdentifier, sqlString, sqlTableName } from '../../backends/sql/literal.js';
import { type RejectedEvent, readEvents } from '../../io/read-events.js';
import type { DuckDbSession } from './duckdb-session.js';
import { flattenEvent } from './flatten-event.js';
import { FILE_COLUMN, LINE_COLUMN, ORIGIN_COLUMNS, ROW_COLUMN } from './row-origin.js';

export interface LoadedEvents {
  rows: number;
  /** Event columns created, in first-seen order. */
  columns: string[];
  /**
   * Field names left out because a column differing only in letter case came first (DuckDB column names ignore
   * case) or because they are one of the origin columns.
   */
  skippedFields: string[];
}

const STAGING_TABLE = '_dragnet_staging';

/**
 * Reads the events with the native engine's reader, flattens each as the native engine sees it (see
 * `flattenEvent`), and creates `table` (replacing one of that name) with one text column per field plus the
 * origin columns. Rows are staged as flat JSON first, so fields found late in the input need no second pass.
 */
export async function loadEventsIntoDuckDb(
  session: DuckDbSession,
  table: string,
  paths: readonly string[],
  onRejected: (rejected: RejectedEvent) => void,
): Promise<LoadedEvents> {
  const staging = sqlIdentifier(STAGING_TABLE);
  await session.execute(`DROP TABLE IF EXISTS ${staging}`);
  await session.execute(
    `CREATE TABLE ${staging} (row_number BIGINT, file VARCHAR, line BIGINT, doc VARCHAR)`,
  );
  const byLowerName = new Map(ORIGIN_COLUMNS.map((name) => [name.toLowerCase(), name]));
  const columns: string[] = [];
  const skipped = new Set<string>();
  let rows = 0;
  const appender = await session.connection.createAppender(STAGING_TABLE);
  for await (const item of readEvents(paths)) {
    if ('rejected' in item) {
      onRejected(item.rejected);
      continue;
    }
    const doc: Record<string, string | null> = {};
    for (const [name, text] of flattenEvent(item.record.event)) {
      const owner = byLowerName.get(name.toLowerCase());
      if (owner === undefined) {
        byLowerName.set(name.toLowerCase(), name);
        columns.push(name);
      } else if (owner !== name || ORIGIN_COLUMNS.includes(name)) {
        skipped.add(name);
        continue;
      }
      doc[name] = text;
    }
    rows++;
    appender.appendBigInt(BigInt(rows));
    appender.appendVarchar(item.record.file);
    appender.appendBigInt(BigInt(item.record.line));
    appender.appendVarchar(JSON.stringify(doc));
    appender.endRow();
  }
  appender.closeSync();
  const structure = JSON.stringify(Object.fromEntries(columns.map((name) => [name, 'VARCHAR'])));
  const fields = columns.length ? `, UNNEST(json_transform(doc, ${sqlString(structure)}))` : '';
  await session.execute(
    `CREATE OR REPLACE TABLE ${sqlTableName(table)} AS SELECT row_number AS ${sqlIdentifier(ROW_COLUMN)},` +
      ` file AS ${sqlIdentifier(FILE_COLUMN)}, line AS ${sqlIdentifier(LINE_COLUMN)}${fields}` +
      ` FROM ${staging} ORDER BY row_number`,
  );
  await session.execute(`DROP TABLE ${staging}`);
  return { rows, columns, skippedFields: [...skipped] };
}
