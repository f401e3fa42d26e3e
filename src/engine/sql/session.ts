// The database connection a SQL hunt needs, whichever engine serves it.

/** A column of a table as the database reports it. */
export interface SqlColumn {
  name: string;
  /** Whether the column holds text (the renderer's model); other columns are read through a text view. */
  isText: boolean;
}

export interface SqlSession {
  /** The table's columns in table order (the query fails when the table does not exist). */
  columns(table: string): Promise<SqlColumn[]>;
  /** Runs a statement whose result is not needed. */
  execute(sql: string): Promise<void>;
  /** Runs a query, handing its rows over in batches as column name → value. */
  query(sql: string, onRows: (rows: Record<string, unknown>[]) => void): Promise<void>;
  close(): Promise<void>;
}
