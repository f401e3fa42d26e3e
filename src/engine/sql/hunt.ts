// SQL hunts: each rule rendered for DuckDB or PostgreSQL and pushed down to the database; matching rows are alerts.
import { sqlBackend } from '../../backends/sql/backend.js';
import type { TargetRule } from '../../backends/target.js';
import type { RejectedEvent } from '../../io/read-events.js';
import { DuckDbSession } from './duckdb-session.js';
import { loadEventsIntoDuckDb } from './load-events.js';
import { PostgresSession } from './postgres-session.js';
import { ORIGIN_COLUMNS, ROW_COLUMN, type RowOrigin, splitOrigin } from './row-origin.js';
import type { SqlSession } from './session.js';
import { textTableName } from './text-view.js';

/** Columns the native engine reads an event's time from when the rule names none, in its order. */
const TIME_COLUMNS = [
  '@timestamp',
  'Event.System.TimeCreated.#attributes.SystemTime',
  'UtcTime',
  'TimeCreated',
  'timestamp',
  'event.created',
];

export interface SqlHuntOptions {
  engine: 'duckdb' | 'postgres';
  /** DuckDB: a database file (default: a fresh in-memory database). PostgreSQL: the connection URL (required). */
  connect?: string;
  /** The events table; rules' `sources` are ignored, every rule is run against it. */
  table: string;
  targets: TargetRule[];
  /** Event files and folders loaded into `table` first (DuckDB only; replaces a table of that name). */
  files?: string[];
  /** Columns holding event times, first readable wins (default: the native engine's time fields). */
  timeColumns?: string[];
  /** One alert: the matching row (or aggregated group) without null columns, and where it came from. */
  onAlert(ruleIndex: number, row: Record<string, unknown>, origin: RowOrigin): void;
  /** A rule that could not be rendered or whose query failed; the hunt goes on with the next rule. */
  onError(ruleIndex: number, message: string): void;
  /** An event of `files` that could not be read. */
  onRejected?(rejected: RejectedEvent): void;
}

async function openSession(opts: SqlHuntOptions): Promise<SqlSession> {
  if (opts.engine === 'postgres') {
    if (!opts.connect)
      throw new Error('a PostgreSQL hunt needs a connection URL (postgres://user@host:port/db)');
    if (opts.files?.length)
      throw new Error('event files can only be loaded into DuckDB; load them into PostgreSQL first');
    return PostgresSession.open(opts.connect);
  }
  const session = await DuckDbSession.open(opts.connect);
  if (opts.files?.length) {
    await loadEventsIntoDuckDb(session, opts.table, opts.files, opts.onRejected ?? (() => {}));
  }
  return session;
}

export async function runSqlHunt(opts: SqlHuntOptions): Promise<void> {
  const session = await openSession(opts);
  try {
    const columns = await session.columns(opts.table);
    const table = await textTableName(session, opts.table, columns, ORIGIN_COLUMNS);
    const fields = columns.map((column) => column.name).filter((name) => !ORIGIN_COLUMNS.includes(name));
    const backend = sqlBackend(opts.engine, {
      columns: fields,
      timeColumns: opts.timeColumns ?? TIME_COLUMNS,
      orderColumn: columns.some((column) => column.name === ROW_COLUMN) ? ROW_COLUMN : undefined,
    });
    for (const [index, target] of opts.targets.entries()) {
      try {
        const sql = backend.render({ ...target, sources: [table] });
        await session.query(sql, (rows) => {
          for (const row of rows) {
            const { event, origin } = splitOrigin(row);
            opts.onAlert(index, event, origin);
          }
        });
      } catch (error) {
        opts.onError(index, (error as Error).message);
      }
    }
  } finally {
    await session.close();
  }
}
