// PostgreSQL as a SQL hunt engine: a server reached by connection URL; times are read in UTC.
import pg from 'pg';
import { sqlTableName } from '../../backends/sql/literal.js';
import type { SqlColumn, SqlSession } from './session.js';

/** Type OIDs of PostgreSQL's text types: text, varchar, bpchar, name. */
const TEXT_TYPE_OIDS = new Set([25, 1043, 1042, 19]);

export class PostgresSession implements SqlSession {
  private constructor(private readonly client: pg.Client) {}

  /** Connects to `url` (postgres://user@host:port/db) and sets the session up for the rendered SQL. */
  static async open(url: string): Promise<PostgresSession> {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query(`SET TimeZone = 'UTC'`);
    await client.query('SET standard_conforming_strings = on');
    return new PostgresSession(client);
  }

  async columns(table: string): Promise<SqlColumn[]> {
    const result = await this.client.query(`SELECT * FROM ${sqlTableName(table)} LIMIT 0`);
    return result.fields.map((field) => ({ name: field.name, isText: TEXT_TYPE_OIDS.has(field.dataTypeID) }));
  }

  async execute(sql: string): Promise<void> {
    await this.client.query(sql);
  }

  /** Rows arrive in one batch: `pg` reads a result whole. */
  async query(sql: string, onRows: (rows: Record<string, unknown>[]) => void): Promise<void> {
    const result = await this.client.query(sql);
    onRows(result.rows as Record<string, unknown>[]);
  }

  async close(): Promise<void> {
    await this.client.end();
  }
}
