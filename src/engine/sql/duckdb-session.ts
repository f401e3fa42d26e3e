// DuckDB as a SQL hunt engine: embedded, in memory or in a database file; results streamed in chunks.
import { type DuckDBConnection, DuckDBInstance, DuckDBTypeId } from '@duckdb/node-api';
import { sqlTableName } from '../../backends/sql/literal.js';
import type { SqlColumn, SqlSession } from './session.js';

/** BIGINT results (counts) as numbers when exact, else as decimal text. */
function plainValue(value: unknown): unknown {
  if (typeof value !== 'bigint') return value;
  return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
}

function plainRow(row: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(row)) out[key] = plainValue(value);
  return out;
}

export class DuckDbSession implements SqlSession {
  private constructor(
    private readonly instance: DuckDBInstance,
    readonly connection: DuckDBConnection,
  ) {}

  /** Opens `path` (a database file) or, without one, a fresh in-memory database; times are read in UTC. */
  static async open(path = ':memory:'): Promise<DuckDbSession> {
    const instance = await DuckDBInstance.create(path);
    const connection = await instance.connect();
    await connection.run(`SET TimeZone = 'UTC'`);
    return new DuckDbSession(instance, connection);
  }

  async columns(table: string): Promise<SqlColumn[]> {
    const result = await this.connection.run(`SELECT * FROM ${sqlTableName(table)} LIMIT 0`);
    const types = result.columnTypes();
    return result
      .columnNames()
      .map((name, i) => ({ name, isText: types[i]?.typeId === DuckDBTypeId.VARCHAR }));
  }

  async execute(sql: string): Promise<void> {
    await this.connection.run(sql);
  }

  async query(sql: string, onRows: (rows: Record<string, unknown>[]) => void): Promise<void> {
    const result = await this.connection.stream(sql);
    for await (const rows of result.yieldRowObjectJs()) onRows(rows.map(plainRow));
  }

  async close(): Promise<void> {
    this.connection.closeSync();
    this.instance.closeSync();
  }
}
