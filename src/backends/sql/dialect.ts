// SQL dialects as data: the few places where DuckDB, SQLite and PostgreSQL differ, read by the one renderer.

export type SqlDialectName = 'duckdb' | 'sqlite' | 'postgres';

/** Which regular-expression language the dialect's search operator speaks. */
export type RegexSyntax = 're2' | 'postgres-are';

export interface SqlDialect {
  name: SqlDialectName;
  /** Lower-case function applied to values of case-insensitive matches. */
  lower: string;
  /** Whether `lower` folds non-ASCII letters (SQLite's built-in one folds ASCII only). */
  unicodeLower: boolean;
  /** Case-sensitive wildcard operator: LIKE, or GLOB where LIKE ignores ASCII case (SQLite). */
  caseSensitivePattern: 'like' | 'glob';
  /** Regular-expression search; absent when the dialect has none built in. */
  regex?: {
    syntax: RegexSyntax;
    /** Unanchored search of `pattern` (an SQL string literal) in `subject`. */
    search(subject: string, pattern: string, ignoreCase: boolean): string;
  };
  /** Numbers read from guarded text; absent when the dialect cannot test number text faithfully. */
  numbers?: {
    /** Type decimal text is cast to. */
    type: string;
    /** The value of `0x…` text (at most 15 hex digits, no padding). */
    fromHex(text: string): string;
  };
  /**
   * TIMESTAMPTZ of ISO-8601 text that already passed the shape guard, NULL for impossible dates (Feb 30);
   * absent when the dialect has no time zone aware type.
   */
  timestamp?(isoText: string): string;
  /** How cidr matches are written: the `inet` type, or IPv4 arithmetic on the dotted parts. */
  cidr?: { kind: 'inet' } | { kind: 'ipv4-arithmetic'; octet(subject: string, index: number): string };
  /** Collation clause that orders text by code point. */
  codePointCollation: string;
  /** 1-based position of `needle` in `haystack`, 0 when absent. */
  position(needle: string, haystack: string): string;
}

const duckdb: SqlDialect = {
  name: 'duckdb',
  lower: 'lower',
  unicodeLower: true,
  caseSensitivePattern: 'like',
  regex: {
    syntax: 're2',
    search: (subject, pattern, ignoreCase) =>
      ignoreCase ? `regexp_matches(${subject}, ${pattern}, 'i')` : `regexp_matches(${subject}, ${pattern})`,
  },
  numbers: { type: 'DOUBLE', fromHex: (text) => `CAST(${text} AS BIGINT)` },
  timestamp: (isoText) => `TRY_CAST(${isoText} AS TIMESTAMPTZ)`,
  cidr: {
    kind: 'ipv4-arithmetic',
    octet: (subject, index) => `CAST(split_part(${subject}, '.', ${index}) AS BIGINT)`,
  },
  codePointCollation: '',
  position: (needle, haystack) => `POSITION(${needle} IN ${haystack})`,
};

const postgres: SqlDialect = {
  name: 'postgres',
  lower: 'lower',
  unicodeLower: true,
  caseSensitivePattern: 'like',
  regex: {
    syntax: 'postgres-are',
    search: (subject, pattern, ignoreCase) => `${subject} ${ignoreCase ? '~*' : '~'} ${pattern}`,
  },
  numbers: {
    type: 'NUMERIC',
    fromHex: (text) => `CAST(CAST('x' || lpad(substr(${text}, 3), 16, '0') AS BIT(64)) AS BIGINT)`,
  },
  timestamp: (isoText) =>
    `CASE WHEN CAST(substr(${isoText}, 9, 2) AS INTEGER) <= EXTRACT(DAY FROM CAST(substr(${isoText}, 1, 7) || '-01' AS DATE) + INTERVAL '1 month' - INTERVAL '1 day') THEN CAST(${isoText} AS TIMESTAMPTZ) END`,
  cidr: { kind: 'inet' },
  codePointCollation: ' COLLATE "C"',
  position: (needle, haystack) => `POSITION(${needle} IN ${haystack})`,
};

const sqlite: SqlDialect = {
  name: 'sqlite',
  lower: 'lower',
  unicodeLower: false,
  caseSensitivePattern: 'glob',
  codePointCollation: '',
  position: (needle, haystack) => `instr(${haystack}, ${needle})`,
};

export const SQL_DIALECTS: Record<SqlDialectName, SqlDialect> = { duckdb, sqlite, postgres };
