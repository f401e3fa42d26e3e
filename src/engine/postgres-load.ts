// Loads event files into a PostgreSQL table of text columns (plus origin columns) for `hunt --engine postgres`.
import pg from 'pg';
import { sqlIdentifier, sqlTableName } from '../backends/sql/literal.js';
import { type RejectedEvent, readEvents } from '../io/read-events.js';
import { flattenEvent } from './sql/flatten-event.js';
import { FILE_COLUMN, LINE_COLUMN, ROW_COLUMN } from './sql/row-origin.js';

const BATCH_ROWS = 500;

/**
 * Two streaming passes: the first collects the column names (PostgreSQL folds nothing: quoted names keep case),
 * the second inserts rows in batches. The table is replaced. Returns the number of rows loaded.
 */
export async function loadEventsIntoPostgres(
  url: string,
  table: string,
  paths: readonly string[],
  onRejected: (rejected: RejectedEvent) => void,
): Promise<number> {
  const columns = new Set<string>();
  for await (const item of readEvents(paths)) {
    if ('rejected' in item) onRejected(item.rejected);
    else for (const name of flattenEvent(item.record.event).keys()) columns.add(name);
  }
  const names = [...columns].filter((c) => c !== ROW_COLUMN && c !== FILE_COLUMN && c !== LINE_COLUMN);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const target = sqlTableName(table);
    await client.query(`DROP TABLE IF EXISTS ${target}`);
    const definitions = [
      `${sqlIdentifier(ROW_COLUMN)} BIGINT`,
      `${sqlIdentifier(FILE_COLUMN)} TEXT`,
      `${sqlIdentifier(LINE_COLUMN)} BIGINT`,
      ...names.map((n) => `${sqlIdentifier(n)} TEXT`),
    ];
    await client.query(`CREATE TABLE ${target} (${definitions.join(', ')})`);
    const columnList = [ROW_COLUMN, FILE_COLUMN, LINE_COLUMN, ...names].map(sqlIdentifier).join(', ');
    let batch: unknown[][] = [];
    let row = 0;
    const flush = async () => {
      if (!batch.length) return;
      const width = names.length + 3;
      const placeholders = batch.map(
        (_, r) => `(${Array.from({ length: width }, (_, c) => `$${r * width + c + 1}`).join(', ')})`,
      );
      await client.query(
        `INSERT INTO ${target} (${columnList}) VALUES ${placeholders.join(', ')}`,
        batch.flat(),
      );
      batch = [];
    };
    for await (const item of readEvents(paths)) {
      if (!('record' in item)) continue;
      const flat = flattenEvent(item.record.event);
      batch.push([row++, item.record.file, item.record.line, ...names.map((n) => flat.get(n) ?? null)]);
      if (batch.length >= Math.max(1, Math.floor(BATCH_ROWS / Math.max(1, (names.length + 3) / 60))))
        await flush();
    }
    await flush();
    return row;
  } finally {
    await client.end();
  }
}
